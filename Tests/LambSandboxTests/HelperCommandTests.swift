import LambCore
import LambSandbox
import Testing

@Suite("Helper commands")
struct HelperCommandTests {
    @Test("a helper's exit status comes back through the reaper")
    func exitStatus() async throws {
        #expect(try await HelperCommand.run("/bin/sh", ["-c", "exit 0"]) == .exited(code: 0))
        #expect(try await HelperCommand.run("/bin/sh", ["-c", "echo ignored; exit 3"]) == .exited(code: 3))
    }

    @Test("a helper that cannot be executed is an error, not a hang")
    func missing() async {
        await #expect(throws: SandboxError.self) {
            _ = try await HelperCommand.run("/nonexistent/helper", [])
        }
    }
}
