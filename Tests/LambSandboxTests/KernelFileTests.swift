import Foundation
import Testing

@testable import LambSandbox

@Suite("Kernel file parsing")
struct KernelFileTests {
    @Test("a key's number is found at the start of its line only")
    func keys() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kf-\(UUID().uuidString)").path
        try "oom 1\noom_kill 7\nVmHWM:\t  2048 kB\nxoom_kill 9\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(KernelFile.number(afterKey: "oom_kill", in: path) == 7)
        #expect(KernelFile.number(afterKey: "oom", in: path) == 1)
        #expect(KernelFile.number(afterKey: "VmHWM:", in: path) == 2048)
        #expect(KernelFile.number(afterKey: "missing", in: path) == nil)
        #expect(KernelFile.number(afterKey: "oom_kill", in: "/nonexistent") == nil)
    }
}

@Suite("Task states from /proc")
struct TaskStateTests {
    @Test("this test's own thread is running or runnable, a missing task has no state")
    func ownState() {
        #expect(["R", "S"].contains(ProcStatus.state(of: getpid())))
        #expect(ProcStatus.state(of: Int32.max) == nil)
    }
}
