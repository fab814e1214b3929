import Foundation
import LambCore
import LambEngine
import Testing

@Suite("Function log files: offsets, deletion, pruning to a retention")
struct FunctionLogArchiveTests {
    func archive() throws -> FunctionLogArchive {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-logs-\(UUID().uuidString)")
        return try FunctionLogArchive(directory: directory)
    }

    @Test("stored events carry their line's offset, which read(from:) resumes at")
    func offsets() throws {
        let logs = try archive()
        logs.append(function: "f", stream: "s", lines: ["one", "two\twith a tab"], at: Date(timeIntervalSince1970: 1))
        let stored = logs.storedEvents(function: "f")
        #expect(stored.map(\.event.message) == ["one", "two\twith a tab"])
        #expect(stored[0].offset == 0)
        #expect(logs.read(function: "f", from: stored[1].offset).events.map(\.message) == ["two\twith a tab"])
        #expect(logs.functionsWithLogs() == ["f"])
        #expect(logs.storedBytes(function: "f") > 0)
    }

    @Test("pruning drops old events from the front; offsets handed out before still name the same events")
    func prune() throws {
        let logs = try archive()
        logs.append(function: "f", stream: "s", lines: ["old"], at: Date(timeIntervalSince1970: 1))
        logs.append(function: "f", stream: "s", lines: ["new"], at: Date(timeIntervalSince1970: 100))
        let before = logs.storedEvents(function: "f")
        #expect(logs.prune(function: "f", olderThan: 50_000) == 1)
        #expect(logs.prune(function: "f", olderThan: 50_000) == 0)
        logs.append(function: "f", stream: "s", lines: ["later"], at: Date(timeIntervalSince1970: 200))
        let after = logs.storedEvents(function: "f")
        #expect(after.map(\.event.message) == ["new", "later"])
        #expect(after[0].offset == before[1].offset)
        // A follower's position survives: from the old offset of "new", and from before the pruned line.
        #expect(logs.read(function: "f", from: before[1].offset).events.map(\.message) == ["new", "later"])
        #expect(logs.read(function: "f", from: 0).events.map(\.message) == ["new", "later"])
        let end = logs.read(function: "f", from: 0).next
        #expect(logs.read(function: "f", from: end).events.isEmpty)
        // The base is kept on disk: another archive on the directory agrees.
        let reopened = try FunctionLogArchive(directory: logs.directory)
        #expect(reopened.storedEvents(function: "f") == after)
    }

    @Test("deleting removes the file; later events start a new one after the old offsets")
    func delete() throws {
        let logs = try archive()
        logs.append(function: "f", stream: "s", lines: ["gone"])
        let end = logs.read(function: "f", from: 0).next
        logs.delete(function: "f")
        #expect(logs.functionsWithLogs().isEmpty && logs.storedEvents(function: "f").isEmpty)
        logs.append(function: "f", stream: "s", lines: ["back"])
        #expect(logs.storedEvents(function: "f").map(\.event.message) == ["back"])
        #expect(logs.read(function: "f", from: end).events.map(\.message) == ["back"])
    }
}
