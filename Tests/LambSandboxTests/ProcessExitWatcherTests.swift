import Foundation
import LambSandbox
import Synchronization
import Testing

@Suite("Watching processes that are not Lamb's children end")
struct ProcessExitWatcherTests {
    @Test("the handler runs once the process has ended, and at once for a process that is already gone")
    func reportsExits() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "read line"]  // ends when the test closes its stdin
        let input = Pipe()
        process.standardInput = input
        try process.run()
        let pid = process.processIdentifier
        let ended = Mutex(false)
        let watching = ProcessExitWatcher.shared.watch(pid: pid) { ended.withLock { $0 = true } }
        try #require(watching, "this kernel gives no pidfds")
        try await Task.sleep(for: .milliseconds(50))
        #expect(!ended.withLock { $0 })
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        for _ in 0..<200 where !ended.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(ended.withLock { $0 })

        let gone = Mutex(false)
        #expect(ProcessExitWatcher.shared.watch(pid: pid) { gone.withLock { $0 = true } })
        #expect(gone.withLock { $0 })
    }
}
