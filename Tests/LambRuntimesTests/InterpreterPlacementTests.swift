import Foundation
import LambCore
import Testing

@testable import LambRuntimes

@Suite("Interpreters at Lambda's /var/lang")
struct InterpreterPlacementTests {
    let sandboxed = RuntimeLayout(taskRoot: "/var/task", runtimeDirectory: "/var/runtime", languageRoot: "/var/lang")
    let plain = RuntimeLayout(taskRoot: "/code", runtimeDirectory: "/shims")

    @Test("a pyenv installation is bound whole at /var/lang, with its libpython on LD_LIBRARY_PATH")
    func pyenvPrefix() {
        let placed = InterpreterPlacement.place(
            "/root/.pyenv/versions/3.11.7/bin/python3.11", as: "python3.11", layout: sandboxed,
            hasSharedLibraries: { $0 == "/root/.pyenv/versions/3.11.7/lib" })
        #expect(placed.executable == "/var/lang/bin/python3.11")
        #expect(placed.binds == [HostBind(host: "/root/.pyenv/versions/3.11.7", inside: "/var/lang")])
        #expect(placed.hostPaths.isEmpty)
        #expect(placed.libraryDirectory == "/var/lang/lib")
    }

    @Test("an nvm node keeps its own name under /var/lang/bin and needs no library path")
    func nvmPrefix() {
        let placed = InterpreterPlacement.place(
            "/home/u/.nvm/versions/node/v20.1.0/bin/node", as: "node", layout: sandboxed,
            hasSharedLibraries: { _ in false })
        #expect(placed.executable == "/var/lang/bin/node")
        #expect(placed.binds == [HostBind(host: "/home/u/.nvm/versions/node/v20.1.0", inside: "/var/lang")])
        #expect(placed.libraryDirectory == nil)
    }

    @Test("a system interpreter is bound alone at /var/lang/bin/<name>; its prefix is visible already")
    func systemInterpreter() {
        let python = InterpreterPlacement.place("/usr/bin/python3.11", as: "python3.11", layout: sandboxed)
        #expect(python.executable == "/var/lang/bin/python3.11")
        #expect(python.binds == [HostBind(host: "/usr/bin/python3.11", inside: "/var/lang/bin/python3.11")])
        #expect(python.libraryDirectory == nil)
        let node = InterpreterPlacement.place("/usr/local/bin/nodejs", as: "node", layout: sandboxed)
        #expect(node.executable == "/var/lang/bin/node")
        #expect(InterpreterPlacement.place("/bin/python3.9", as: "python3.9", layout: sandboxed).binds.count == 1)
    }

    @Test("plain processes run the interpreter at its host path, its prefix readable")
    func plainProcess() {
        let placed = InterpreterPlacement.place(
            "/root/.pyenv/versions/3.11.7/bin/python3.11", as: "python3.11", layout: plain)
        #expect(placed.executable == "/root/.pyenv/versions/3.11.7/bin/python3.11")
        #expect(placed.hostPaths == ["/root/.pyenv/versions/3.11.7"])
        #expect(placed.binds.isEmpty)
    }

    @Test("a Python launch in a sandbox starts /var/lang/bin/python3.X")
    func pythonLaunch() throws {
        let catalog = RuntimeCatalog(interpreters: ["python3.11": "/usr/bin/python3.11"], shimsDirectory: "/shims")
        let launch = try catalog.launch(
            runtime: "python3.11", handler: "app.handler", layout: sandboxed, functionVariables: [:])
        #expect(launch.executable == "/var/lang/bin/python3.11")
        #expect(launch.binds == [HostBind(host: "/usr/bin/python3.11", inside: "/var/lang/bin/python3.11")])
        #expect(launch.arguments == ["/var/runtime/python/lamb_bootstrap.py"])
    }
}
