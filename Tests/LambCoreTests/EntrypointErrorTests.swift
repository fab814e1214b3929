import LambCore
import Testing

@Suite("Runtime exits as Lambda reports them")
struct EntrypointErrorTests {
    @Test("a missing bootstrap is Runtime.InvalidEntrypoint naming both places Lambda looks")
    func missingBootstrap() {
        let (type, json) = FunctionErrorPayload.exited(
            requestId: "r1", exit: .invalidEntrypoint(path: "/var/task/bootstrap", errno: 2))
        #expect(type == "Runtime.InvalidEntrypoint")
        #expect(json.contains("RequestId: r1 Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]"))
    }

    @Test("a bootstrap that is not executable is Runtime.InvalidEntrypoint with exec's reason")
    func notExecutable() {
        let (type, json) = FunctionErrorPayload.exited(
            requestId: "r2", exit: .invalidEntrypoint(path: "/var/task/bootstrap", errno: 13))
        #expect(type == "Runtime.InvalidEntrypoint")
        #expect(json.contains("fork/exec /var/task/bootstrap: permission denied"))
    }

    @Test("an OOM kill is Runtime.OutOfMemory with signal: killed")
    func outOfMemory() {
        let (type, json) = FunctionErrorPayload.exited(requestId: "r3", exit: .outOfMemory)
        #expect(type == "Runtime.OutOfMemory")
        #expect(json.contains("Runtime exited with error: signal: killed"))
    }
}
