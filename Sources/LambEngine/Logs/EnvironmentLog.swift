import Foundation
import LambCore
import LambRuntimeAPI
import Synchronization

/// The log stream of one execution environment: splits the runtime's output into lines, writes them to the
/// function's log group, and keeps the current invocation's lines for `X-Amz-Log-Result`.
final class EnvironmentLog: Sendable {
    let function: String
    let streamName: String
    private let archive: FunctionLogArchive

    private struct State {
        var partial: [UInt8] = []
        var capture: [String]?
        /// Lines starting with this go to `intercepted` instead of the log (Lamb's extension launcher's reports).
        var interceptPrefix: String?
        var intercepted: (@Sendable (String) -> Void)?
        /// Function lines also go to the Telemetry API's subscribers.
        var telemetry: TelemetryHub?
    }

    private let state = Mutex(State())

    init(function: String, streamName: String, archive: FunctionLogArchive) {
        self.function = function
        self.streamName = streamName
        self.archive = archive
    }

    /// Output from the runtime's pipe; `nil` at end of file flushes a last partial line.
    func receive(_ chunk: ArraySlice<UInt8>?) {
        var telemetry: TelemetryHub?
        let lines = state.withLock { s -> [String] in
            telemetry = s.telemetry
            var lines: [String] = []
            guard let chunk else {
                if !s.partial.isEmpty { lines.append(String(decoding: s.partial, as: UTF8.self)) }
                s.partial.removeAll()
                s.capture?.append(contentsOf: lines)
                return lines
            }
            var start = chunk.startIndex
            for index in chunk.indices where chunk[index] == UInt8(ascii: "\n") {
                if s.partial.isEmpty {
                    lines.append(String(decoding: chunk[start..<index], as: UTF8.self))
                } else {
                    s.partial.append(contentsOf: chunk[start..<index])
                    lines.append(String(decoding: s.partial, as: UTF8.self))
                    s.partial.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            if start < chunk.endIndex { s.partial.append(contentsOf: chunk[start...]) }
            if let prefix = s.interceptPrefix, let handler = s.intercepted {
                let reports = lines.filter { $0.hasPrefix(prefix) }
                if !reports.isEmpty {
                    lines.removeAll { $0.hasPrefix(prefix) }
                    for report in reports { handler(String(report.dropFirst(prefix.count))) }
                }
            }
            s.capture?.append(contentsOf: lines)
            return lines
        }
        archive.append(function: function, stream: streamName, lines: lines)
        if let telemetry, telemetry.isActive {
            for line in lines { telemetry.emit("function", TelemetryEvents.function(line)) }
        }
    }

    func forward(to telemetry: TelemetryHub) {
        state.withLock { $0.telemetry = telemetry }
    }

    /// Lines that start with `prefix` are handed to `handler` (without the prefix) and kept out of the log.
    func intercept(prefix: String, _ handler: @escaping @Sendable (String) -> Void) {
        state.withLock { s in
            s.interceptPrefix = prefix
            s.intercepted = handler
        }
    }

    /// A line the platform writes (START, END, REPORT, ...).
    func platform(_ lines: String...) {
        state.withLock { s in s.capture?.append(contentsOf: lines) }
        archive.append(function: function, stream: streamName, lines: lines)
    }

    /// Starts keeping lines for an invocation's log tail.
    func beginCapture() {
        state.withLock { s in if s.capture == nil { s.capture = [] } }
    }

    /// Stops keeping lines and returns the last 4 KB of them, as `X-Amz-Log-Result` carries.
    func endCapture() -> String {
        let lines = state.withLock { s -> [String] in
            defer { s.capture = nil }
            return s.capture ?? []
        }
        if lines.isEmpty { return "" }
        let text = lines.map { $0 + "\n" }.joined()
        let bytes = Array(text.utf8)
        guard bytes.count > Quotas.logTailBytes else { return text }
        return String(decoding: bytes.suffix(Quotas.logTailBytes), as: UTF8.self)
    }
}
