import Foundation
import LambCore
import Testing

@testable import LambRuntimes

@Suite("Runtime catalogue")
struct RuntimeCatalogTests {
    let catalog = RuntimeCatalog(
        interpreters: [
            "python3.11": "/usr/bin/python3.11", "nodejs20.x": "/home/u/.nvm/versions/node/v20.1.0/bin/node",
        ],
        shimsDirectory: "/shims", interpreterVersions: ["nodejs20.x": "v20.1.0"])

    @Test("available runtimes: installed Python and Node.js ones, and every provided runtime")
    func available() {
        #expect(
            catalog.availableRuntimes == ["python3.11", "nodejs20.x", "provided", "provided.al2", "provided.al2023"])
        #expect(catalog.unavailabilityReason(for: "nodejs20.x") == nil)
        #expect(catalog.unavailabilityReason(for: "provided.al2023") == nil)
    }

    @Test("a Node.js runtime that is not installed names the ones that are")
    func missingNode() throws {
        let reason = try #require(catalog.unavailabilityReason(for: "nodejs22.x"))
        #expect(reason.contains("nodejs22.x is not available on this host"))
        #expect(reason.contains("nodejs20.x (node v20.1.0)"))
        #expect(throws: LambError.self) {
            try catalog.launch(
                runtime: "nodejs22.x", handler: "index.handler", taskRoot: "/var/task", functionVariables: [:])
        }
    }

    @Test("Node.js starts Lamb's bootstrap with Lambda's NODE_PATH and heap limits from the memory size")
    func nodeLaunch() throws {
        let layout = RuntimeLayout(taskRoot: "/var/task", runtimeDirectory: "/var/runtime")
        let launch = try catalog.launch(
            runtime: "nodejs20.x", handler: "index.handler", layout: layout, functionVariables: [:], memorySizeMB: 1024)
        #expect(launch.executable == "/home/u/.nvm/versions/node/v20.1.0/bin/node")
        #expect(launch.arguments.last == "/var/runtime/node/lamb_bootstrap.mjs")
        #expect(launch.arguments.contains("--max-old-space-size=819"))
        #expect(launch.environment["AWS_EXECUTION_ENV"] == "AWS_Lambda_nodejs20.x")
        let nodePath = [
            "/opt/nodejs/node20/node_modules", "/opt/nodejs/node_modules", "/var/runtime/node_modules", "/var/runtime",
            "/var/task",
        ]
        #expect(launch.environment["NODE_PATH"] == nodePath.joined(separator: ":"))
        #expect(launch.environment[RuntimeCatalog.optDirectoryVariable] == nil)
        #expect(launch.hostPaths == ["/home/u/.nvm/versions/node/v20.1.0"])
        #expect(launch.runtimeVersion == "nodejs:20.lamb")
    }

    @Test("node 20 and 22 get Lambda's experimental-feature flags unless NODE_OPTIONS turns a feature back on")
    func experimentalFlags() {
        let both = ["--no-experimental-detect-module", "--no-experimental-require-module"]
        #expect(RuntimeCatalog.experimentalFeatureFlags(version: "v20.20.2", nodeOptions: nil) == both)
        #expect(RuntimeCatalog.experimentalFeatureFlags(version: "v22.3.0", nodeOptions: nil) == both)
        #expect(RuntimeCatalog.experimentalFeatureFlags(version: "v20.12.0", nodeOptions: nil) == [both[0]])
        #expect(RuntimeCatalog.experimentalFeatureFlags(version: "v18.20.0", nodeOptions: nil).isEmpty)
        #expect(RuntimeCatalog.experimentalFeatureFlags(version: "v24.1.0", nodeOptions: nil).isEmpty)
        #expect(
            RuntimeCatalog.experimentalFeatureFlags(version: "v22.3.0", nodeOptions: "--experimental-require-module")
                == [both[0]])
    }

    @Test("heap flags are left to the user when NODE_OPTIONS sizes the heap")
    func heapFlags() {
        #expect(
            RuntimeCatalog.nodeHeapFlags(memoryMB: 128, nodeOptions: nil) == [
                "--max-semi-space-size=4", "--max-old-space-size=103",
            ])
        #expect(RuntimeCatalog.nodeHeapFlags(memoryMB: 512, nodeOptions: "--max-old-space-size=100").isEmpty)
        #expect(RuntimeCatalog.nodeHeapFlags(memoryMB: 0, nodeOptions: nil).isEmpty)
    }

    @Test("layers outside /opt (plain processes) are named by LAMB_OPT_DIR and used in NODE_PATH")
    func layersOutsideOpt() throws {
        let layout = RuntimeLayout(taskRoot: "/code", runtimeDirectory: "/shims", optDirectory: "/data/layers/merged/k")
        let node = try catalog.launch(runtime: "nodejs20.x", handler: "i.h", layout: layout, functionVariables: [:])
        #expect(node.environment["LAMB_OPT_DIR"] == "/data/layers/merged/k")
        #expect(node.environment["NODE_PATH"]?.hasPrefix("/data/layers/merged/k/nodejs/node20/node_modules:") == true)
        let python = try catalog.launch(runtime: "python3.11", handler: "a.h", layout: layout, functionVariables: [:])
        #expect(python.environment["LAMB_OPT_DIR"] == "/data/layers/merged/k")
        let ric = try catalog.launch(
            runtime: "python3.11", handler: "a.h", layout: layout,
            functionVariables: [RuntimeCatalog.clientSelectorVariable: "awslambdaric"])
        #expect(
            ric.environment["PYTHONPATH"]
                == "/data/layers/merged/k/python/lib/python3.11/site-packages:/data/layers/merged/k/python")
    }

    @Test("awslambdaric gets the layer directories on PYTHONPATH (it does not set up sys.path itself)")
    func awslambdaricPath() throws {
        let layout = RuntimeLayout(taskRoot: "/var/task", runtimeDirectory: "/var/runtime")
        let ric = try catalog.launch(
            runtime: "python3.11", handler: "app.handler", layout: layout,
            functionVariables: [RuntimeCatalog.clientSelectorVariable: "awslambdaric"])
        #expect(ric.arguments == ["-m", "awslambdaric", "app.handler"])
        #expect(ric.environment["PYTHONPATH"] == "/opt/python/lib/python3.11/site-packages:/opt/python")
        let shim = try catalog.launch(
            runtime: "python3.11", handler: "app.handler", layout: layout, functionVariables: [:])
        #expect(shim.environment["PYTHONPATH"] == nil)
    }

    @Test("provided runs the code's bootstrap, else a layer's /opt/bootstrap, else reports an invalid entrypoint")
    func providedBootstrap() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-catalog-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let code = root.appendingPathComponent("code")
        let opt = root.appendingPathComponent("opt")
        try FileManager.default.createDirectory(at: code, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: opt, withIntermediateDirectories: true)
        let layout = RuntimeLayout(
            taskRoot: "/var/task", runtimeDirectory: "/var/runtime", hostCodeDirectory: code.path,
            hostOptDirectory: opt.path)
        func bootstrap() throws -> String {
            try catalog.launch(runtime: "provided.al2023", handler: "x", layout: layout, functionVariables: [:])
                .executable
        }
        // neither: Lamb's script that reports Runtime.InvalidEntrypoint
        let missing = try catalog.launch(
            runtime: "provided.al2023", handler: "x", layout: layout, functionVariables: [:])
        #expect(missing.executable.hasSuffix("/bash"))
        #expect(
            missing.arguments == [
                "/var/runtime/provided/invalid_entrypoint.sh", "/var/task/bootstrap", "/opt/bootstrap",
            ])
        try executable(opt.appendingPathComponent("bootstrap"))
        #expect(try bootstrap() == "/opt/bootstrap")
        try executable(code.appendingPathComponent("bootstrap"))
        #expect(try bootstrap() == "/var/task/bootstrap")
    }

    private func executable(_ url: URL) throws {
        try Data("#!/bin/sh\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    @Test(
        "node versions map to the nodejsNN.x runtime of their major version",
        arguments: [
            ("v20.20.2", "nodejs20.x"), ("v18.0.0", "nodejs18.x"), ("v24.1.0", "nodejs24.x"), ("v16.20.0", nil),
            ("v21.0.0", nil),
        ])
    func nodeRuntimeNames(version: String, runtime: String?) {
        #expect(NodeInstallations.runtimeName(forVersion: version) == runtime)
    }

    @Test("the shim's bytecode is written once per distinct Python interpreter, and never with node")
    func shimBytecode() {
        let catalog = RuntimeCatalog(
            interpreters: [
                "python3.11": "/usr/bin/python3.11", "python3.12": "/opt/py/bin/python3.12",
                "python3.13": "/usr/bin/python3.11", "nodejs20.x": "/usr/bin/node",
            ],
            shimsDirectory: "/shims")
        let commands = catalog.shimBytecodeCommands
        #expect(commands.map(\.executable) == ["/opt/py/bin/python3.12", "/usr/bin/python3.11"])
        #expect(commands.allSatisfy { $0.arguments == ["-m", "compileall", "-q", "/shims/python"] })
    }
}
