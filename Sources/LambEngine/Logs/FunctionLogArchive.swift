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
/// Offsets are logical: pruning to a retention drops lines from the front of a file, and deleting a log group drops
/// the whole file, and both add the bytes dropped to the file's base (`<function>.base`). An offset handed out
/// before (a `lamb logs --follow` position, an `eventId`, a `GetLogEvents` token) therefore still names the same
/// event, or, when that event is gone, the next one kept.
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
    /// Bytes dropped from the front of each function's file, as read from its `.base` file; changed only while the
    /// handles are held.
    private let bases = Mutex([String: UInt64]())
    private let writer = DispatchQueue(label: "lamb.logs.writer")

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    private func fileURL(_ function: String) -> URL {
        directory.appendingPathComponent("\(function).log")
    }

    private func baseURL(_ function: String) -> URL {
        directory.appendingPathComponent("\(function).base")
    }

    private func base(of function: String) -> UInt64 {
        bases.withLock { bases in
            if let known = bases[function] { return known }
            let stored = (try? String(contentsOf: baseURL(function), encoding: .utf8)).flatMap {
                UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            bases[function] = stored ?? 0
            return stored ?? 0
        }
    }

    /// Records that `dropped` more bytes left the front of the file (called holding the handles).
    private func advanceBase(of function: String, by dropped: UInt64) {
        let next = base(of: function) + dropped
        let temporary = directory.appendingPathComponent(".\(function).base.writing")
        if (try? Data(String(next).utf8).write(to: temporary)) != nil {
            _ = rename(temporary.path, baseURL(function).path)
        }
        bases.withLock { $0[function] = next }
    }

    /// The function's file opened for reading at logical `offset`, with its base; the handles are held while it
    /// opens, so a prune never swaps the file between reading the base and opening it.
    private func contents(of function: String, from offset: UInt64) -> (data: Data, base: UInt64, start: UInt64)? {
        let opened = handles.withLock { handles -> (FileHandle, UInt64)? in
            flush(into: &handles)
            guard let handle = try? FileHandle(forReadingFrom: fileURL(function)) else { return nil }
            return (handle, base(of: function))
        }
        guard let (handle, base) = opened else { return nil }
        defer { try? handle.close() }
        let start = offset > base ? offset - base : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else {
            return nil
        }
        return (data, base, start)
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
        handles.withLock { handles in flush(into: &handles) }
    }

    /// The body of ``flush()``, for callers already holding the handles.
    private func flush(into handles: inout [String: FileHandle]) {
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
        guard limit > 0 else { return ([], offset) }
        guard let (data, base, start) = contents(of: function, from: offset) else { return ([], offset) }
        var events: [LogEvent] = []
        let consumed = Self.parse(data) { event, _ in
            events.append(event)
            return events.count < limit
        }
        return (events, base + start + UInt64(consumed))
    }

    /// Every event of a function's file with the logical offset of its line (what the CloudWatch Logs API pages by
    /// and builds event ids from).
    public func storedEvents(function: String) -> [StoredLogEvent] {
        guard let (data, base, _) = contents(of: function, from: 0) else { return [] }
        var events: [StoredLogEvent] = []
        _ = Self.parse(data) { event, offset in
            events.append(StoredLogEvent(event: event, offset: base + UInt64(offset)))
            return true
        }
        return events
    }

    /// The functions that have a log file, sorted.
    public func functionsWithLogs() -> [String] {
        flush()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".log") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// The timestamp of a function's oldest kept event (its file's first line), without reading the whole file.
    public func firstTimestamp(function: String) -> Int64? {
        flush()
        guard let handle = try? FileHandle(forReadingFrom: fileURL(function)) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 32), let tab = head.firstIndex(of: UInt8(ascii: "\t")) else {
            return nil
        }
        return Int64(String(decoding: head[..<tab], as: UTF8.self))
    }

    /// The size of a function's file in bytes (0 when it has none).
    public func storedBytes(function: String) -> Int {
        flush()
        let attributes = try? FileManager.default.attributesOfItem(atPath: fileURL(function).path)
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Removes a function's events (its log group was deleted). Events appended later start a new file, at the
    /// logical offset where the old one ended.
    public func delete(function: String) {
        handles.withLock { handles in
            flush(into: &handles)
            try? handles.removeValue(forKey: function)?.close()
            let size = (try? FileManager.default.attributesOfItem(atPath: fileURL(function).path)[.size] as? NSNumber)
            guard (try? FileManager.default.removeItem(at: fileURL(function))) != nil else { return }
            advanceBase(of: function, by: size.map { $0.uint64Value } ?? 0)
        }
    }

    /// Drops the events older than `oldest` (epoch ms) from the front of a function's file (its group's retention):
    /// the lines up to the first one kept, written out by copying the rest to a new file that replaces it. Lines are
    /// written in time order, so that is nearly every expired one; readers skip any left. Returns how many events
    /// were dropped.
    @discardableResult
    public func prune(function: String, olderThan oldest: Int64) -> Int {
        handles.withLock { handles in
            flush(into: &handles)
            let url = fileURL(function)
            guard let data = Self.contents(of: url, from: 0) else { return 0 }
            var dropped = 0
            var keptFrom = data.startIndex
            var lineStart = data.startIndex
            for index in data.indices where data[index] == UInt8(ascii: "\n") {
                let line = data[lineStart..<index]
                let tab = line.firstIndex(of: UInt8(ascii: "\t")) ?? line.endIndex
                guard let ms = Int64(String(decoding: line[..<tab], as: UTF8.self)), ms < oldest else { break }
                dropped += 1
                lineStart = index + 1
                keptFrom = lineStart
            }
            guard dropped > 0 else { return 0 }
            let temporary = directory.appendingPathComponent(".\(function).log.pruning")
            guard (try? data[keptFrom...].write(to: temporary)) != nil else { return 0 }
            try? handles.removeValue(forKey: function)?.close()
            guard rename(temporary.path, url.path) == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                return 0
            }
            advanceBase(of: function, by: UInt64(keptFrom - data.startIndex))
            return dropped
        }
    }

    private static func contents(of url: URL, from offset: UInt64) -> Data? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else {
            return nil
        }
        return data
    }

    /// Calls `visit` with each whole line's event and the line's offset in `data`, until it returns false; returns
    /// the bytes consumed (through the last line visited).
    private static func parse(_ data: Data, _ visit: (LogEvent, Int) -> Bool) -> Int {
        var consumed = 0
        var lineStart = data.startIndex
        for index in data.indices where data[index] == UInt8(ascii: "\n") {
            let line = String(decoding: data[lineStart..<index], as: UTF8.self)
            let offset = lineStart - data.startIndex
            consumed = index - data.startIndex + 1
            lineStart = index + 1
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3, let ms = Int64(parts[0]) {
                let event = LogEvent(timestamp: ms, logStreamName: String(parts[1]), message: String(parts[2]))
                if !visit(event, offset) { break }
            }
        }
        return consumed
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

/// An event as stored, with the byte offset of its line in its function's file.
public struct StoredLogEvent: Sendable, Equatable {
    public var event: LogEvent
    public var offset: UInt64

    public init(event: LogEvent, offset: UInt64) {
        self.event = event
        self.offset = offset
    }
}
