import Foundation
import Testing

@testable import LambSandbox

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Leftover process records")
struct LeftoverProcessesTests {
    @Test("a record is the pid and its start time, which identifies the same process again")
    func record() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let start = try #require(LeftoverProcesses.startTime(getpid()))
        #expect(UInt64(start) != nil, "field 22 is a number of clock ticks")
        LeftoverProcesses.record(pid: getpid(), in: directory)
        let text = try String(contentsOfFile: "\(directory)/pid", encoding: .utf8)
        #expect(text == "\(getpid()) \(start)")
        #expect(LeftoverProcesses.startTime(-1) == nil)
    }
}
