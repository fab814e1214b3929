import Foundation
import LambCore
import LambEngine
import LambRuntimes
import LambSandbox
import Logging
import NIOCore
import NIOPosix

/// An engine over real processes: `provided` functions whose `bootstrap` is a shell script talking to the Runtime
/// API with curl. Each harness has its own temporary directory.
struct EngineHarness {
    let root: URL
    let engine: InvocationEngine
    let runner: Task<Void, Never>

    struct StaticCode: CodeDirectoryProvider {
        let root: URL
        func directory(for definition: FunctionDefinition) async throws -> String {
            root.appendingPathComponent("code").appendingPathComponent(definition.name).path
        }
    }

    init(initTimeout: Duration = .seconds(10), keepAlive: Duration = .seconds(600), scaleOutLimit: Int? = 1000) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var configuration = EngineConfiguration()
        configuration.initTimeout = initTimeout
        configuration.keepAlive = keepAlive
        configuration.scaleOutLimit = scaleOutLimit
        configuration.shutdownGrace = .milliseconds(200)
        configuration.hostPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        engine = InvocationEngine(
            configuration: configuration,
            sandbox: ProcessSandbox(environmentsDirectory: root.appendingPathComponent("envs").path),
            runtimes: RuntimeCatalog(interpreters: [:], shimsDirectory: root.path),
            code: StaticCode(root: root), logs: try FunctionLogArchive(directory: root.appendingPathComponent("logs")),
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"))
        // The engine's background work (stopping retired environments) runs as in Lamb; tests reap by hand.
        runner = Task { [engine] in await engine.run(reapEvery: .seconds(3600)) }
    }

    /// A function whose bootstrap runs `prelude` once (init), then for each event runs `handler` with `$EVENT` and
    /// `$REQUEST_ID` set and posts the JSON it prints (`respond`) — or whatever the handler does itself.
    func function(_ name: String, timeout: Int = 3, prelude: String = "", handler: String) throws -> FunctionDefinition {
        let dir = root.appendingPathComponent("code").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
            respond() { curl -sS -X POST "$API/invocation/$REQUEST_ID/response" -d "$1" > /dev/null; }
            fail() { curl -sS -X POST "$API/invocation/$REQUEST_ID/error" -d "$1" > /dev/null; }
            \(prelude)
            while true; do
              HEADERS="$(mktemp)"
              EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
              REQUEST_ID=$(grep -i Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
              rm -f "$HEADERS"
              \(handler)
            done
            """
        let path = dir.appendingPathComponent("bootstrap")
        try script.write(to: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path.path)
        var settings = FunctionSettings(runtime: "provided.al2023", handler: "bootstrap", role: "arn:aws:iam::123456789012:role/r")
        settings.timeout = timeout
        return FunctionDefinition(name: name, settings: settings, code: CodeReference(sha256: "", size: 0, blobName: name))
    }

    func invoke(_ definition: FunctionDefinition, _ payload: String = "{}") async throws -> InvocationResponse {
        try await engine.invoke(
            definition,
            InvocationRequest(
                payload: ByteBuffer(string: payload), invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:\(definition.name)",
                wantsLogTail: true))
    }

    func close() async {
        await engine.shutdown()
        await runner.value
        try? FileManager.default.removeItem(at: root)
    }
}

extension InvocationResponse {
    var text: String { String(buffer: payload) }
}
