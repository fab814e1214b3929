import Foundation
import Testing

@testable import LambCore

@Suite("The runtime's PATH and LD_LIBRARY_PATH")
struct RuntimeEnvironmentTests {
    func environment(variables: [String: String] = [:], languageRoot: String?) -> RuntimeEnvironment {
        var settings = FunctionSettings(runtime: "python3.11", handler: "app.handler", role: "r")
        settings.environment = variables
        var env = RuntimeEnvironment(
            definition: FunctionDefinition(
                name: "f", settings: settings, code: CodeReference(sha256: "", size: 0, blobName: "f")),
            account: AccountContext(), taskRoot: "/var/task", runtimeDirectory: "/var/runtime", tmpDirectory: "/tmp",
            runtimeAPIAddress: "127.0.0.1:9001", logStreamName: "s", hostPath: "/root/.pyenv/shims:/usr/bin")
        env.languageRoot = languageRoot
        return env
    }

    @Test("with the language at /var/lang, Lambda's values, and nothing of the host's PATH")
    func lambdaPaths() {
        let vars = environment(languageRoot: "/var/lang").variables(runtimeSpecific: [:])
        #expect(vars["PATH"] == "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin")
        #expect(
            vars["LD_LIBRARY_PATH"]
                == "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib")
    }

    @Test("plain processes keep the host's PATH")
    func hostPaths() {
        let vars = environment(languageRoot: nil).variables(runtimeSpecific: [:])
        #expect(vars["PATH"] == "/root/.pyenv/shims:/usr/bin:/opt/bin")
        #expect(vars["LD_LIBRARY_PATH"] == "/var/task:/var/task/lib:/opt/lib")
    }

    @Test("the interpreter's own library directory survives a function's LD_LIBRARY_PATH, after it")
    func interpreterLibraries() {
        var env = environment(variables: ["LD_LIBRARY_PATH": "/var/task/native"], languageRoot: "/var/lang")
        env.interpreterLibraryDirectory = "/var/lang/lib"
        #expect(env.variables(runtimeSpecific: [:])["LD_LIBRARY_PATH"] == "/var/task/native:/var/lang/lib")
        env = environment(languageRoot: "/var/lang")
        env.interpreterLibraryDirectory = "/var/lang/lib"
        #expect(env.variables(runtimeSpecific: [:])["LD_LIBRARY_PATH"]?.hasPrefix("/var/lang/lib:/lib64") == true)
    }
}
