import Foundation
import LambCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The log groups of all functions, kept as one append-only file per function in `<data-dir>/logs`.
///
/// Each line is `<epoch ms>\t<stream>\t<message>`; a message never holds a newline (output is split into lines,
/// one event each, as CloudWatch shows print output). Readers page through a file by byte offset.
///
/// Appends are buffered and written by one background queue, so an invocation never waits for a file write (the
/// START/END/REPORT lines are on the warm path). Under load the buffer batches many events into one write. Reads
/// flush first, so a reader always sees every event appended before it asked.
public final class FunctionLogArchive: Sendable {
    public let directory: URL
    /// Events not yet written, per function, and whether a write is scheduled.
    private let pending = Mutex<(lines: [String: [UInt8]], scheduled: Bool)>(([:], false))
    /// Open files; also serialises writes so a flush and the background writer never interleave.
    private let handles = Mutex([String: FileHandle]())
    private let writer = DispatchQueue(label: "lamb.logs.writer")

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func fileURL(_ function: String) -> URL {
        directory.appendingPathComponent("\(function).log")
    }

    /// Appends events (written soon, in order, by the background writer).
    public func append(function: String, stream: String, lines: [String], at date: Date = Date()) {
        guard !lines.isEmpty else { return }
        let ms = String(Int64(date.timeIntervalSince1970 * 1000))
        let schedule = pending.withLock { p -> Bool in
            // Bytes appended in place: a `Data` value, or a `String` built first, costs several copies per line on
            // the warm path, which writes three lines per invocation.
            Self.appendEvents(lines, stream: stream, ms: ms, to: &p.lines[function, default: []])
            defer { p.scheduled = true }
            return !p.scheduled
        }
        // A short delay lets a busy function's events pile up into one write instead of one per invocation (each
        // delayed write also costs the writer queue a timer and a wake-up). Readers flush first, so they never wait.
        if schedule { writer.asyncAfter(deadline: .now() + .milliseconds(10)) { self.flush() } }
    }

    /// `<epoch ms>\t<stream>\t<message>\n` per line.
    private static func appendEvents(_ lines: [String], stream: String, ms: String, to buffer: inout [UInt8]) {
        for line in lines {
            buffer.append(contentsOf: ms.utf8)
            buffer.append(UInt8(ascii: "\t"))
            buffer.append(contentsOf: stream.utf8)
            buffer.append(UInt8(ascii: "\t"))
            buffer.append(contentsOf: line.utf8)
            buffer.append(UInt8(ascii: "\n"))
        }
    }

    /// Writes every pending event now.
    public func flush() {
        handles.withLock { handles in
            let batch = pending.withLock { p -> [String: [UInt8]] in
                defer {
                    p.lines.removeAll(keepingCapacity: true)
                    p.scheduled = false
                }
                return p.lines
            }
            for (function, data) in batch {
                guard let handle = handle(for: function, in: &handles) else { continue }
                try? handle.write(contentsOf: data)
            }
        }
    }

    private func handle(for function: String, in handles: inout [String: FileHandle]) -> FileHandle? {
        if let existing = handles[function] { return existing }
        // Opened for appending: every write lands at the end without a seek.
        let fd = open(fileURL(function).path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        let opened = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        handles[function] = opened
        return opened
    }

    /// Events from byte `offset` on (at most `limit`), and the offset to continue from.
    public func read(function: String, from offset: UInt64, limit: Int = 10_000) -> (events: [LogEvent], next: UInt64) {
        flush()
        guard limit > 0 else { return ([], offset) }
        guard let handle = try? FileHandle(forReadingFrom: fileURL(function)) else { return ([], offset) }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else {
            return ([], offset)
        }
        var events: [LogEvent] = []
        var consumed = 0
        var lineStart = data.startIndex
        for index in data.indices where data[index] == UInt8(ascii: "\n") {
            let line = String(decoding: data[lineStart..<index], as: UTF8.self)
            consumed = index - data.startIndex + 1
            lineStart = index + 1
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3, let ms = Int64(parts[0]) {
                events.append(LogEvent(timestamp: ms, logStreamName: String(parts[1]), message: String(parts[2])))
            }
            if events.count >= limit { break }
        }
        return (events, offset + UInt64(consumed))
    }

    /// Closes open files (at shutdown).
    public func close() {
        flush()
        handles.withLock { handles in
            for handle in handles.values { try? handle.close() }
            handles.removeAll()
        }
    }
}
