import Foundation
import LambWorkspace
import Synchronization
import Testing

@Suite("pip installs", .enabled("needs python3 with pip on PATH") { await InstallTools.pipWorks() })
struct PipDependencyBuilderTests {
    let project: ScratchDirectory
    let builder: DependencyBuilder
    let python: String
    let wheel = "vendor/tinygreet-1.0-py3-none-any.whl"

    init() async throws {
        python = try #require(await InstallTools.realPython())
        project = try ScratchDirectory("pip")
        builder = DependencyBuilder(cacheRoot: project.at("cache"), environment: InstallTools.environment)
        try project.write("code/app.py", "import tinygreet\n")
        try InstallTools.makeWheel(named: "tinygreet", greeting: "hello", in: project, at: "code/\(wheel)")
        try project.write("code/requirements.txt", "./\(wheel)\n")
    }

    func build(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> InstalledDependencies? {
        try await builder.build(
            codeDirectory: project.at("code"), runtime: "python3.12", python: python, progress: progress)
    }

    @Test("a local wheel named in requirements.txt is installed, and the output streams to the progress sink")
    func installs() async throws {
        let lines = Mutex([String]())
        let installed = try #require(try await build { line in lines.withLock { $0.append(line) } })
        #expect(!installed.reusedFromCache)
        #expect(installed.manager == .pip)
        let initFile = installed.directory.appendingPathComponent("tinygreet/__init__.py")
        #expect(try String(contentsOf: initFile, encoding: .utf8) == "GREETING = \"hello\"\n")
        #expect(lines.withLock { $0 }.contains { $0.contains("Successfully installed tinygreet-1.0") })
        // Nothing was written into the user's code directory.
        #expect(!project.exists("code/tinygreet"))

        // The function's package: the installed packages under the code.
        let zip = try ZipContents(DirectoryArchive.zip(code: project.at("code"), dependencies: installed.directory))
        #expect(zip["tinygreet/__init__.py"] != nil)
        #expect(zip["app.py"] != nil)
    }

    @Test("an unchanged manifest reuses the install without running pip; a changed local package reinstalls")
    func cached() async throws {
        let first = try #require(try await build())
        let lines = Mutex([String]())
        let second = try #require(try await build { line in lines.withLock { $0.append(line) } })
        #expect(second.reusedFromCache)
        #expect(second.directory == first.directory)
        #expect(lines.withLock { $0 }.isEmpty)

        try InstallTools.makeWheel(named: "tinygreet", greeting: "bonjour", in: project, at: "code/\(wheel)")
        let third = try #require(try await build())
        #expect(!third.reusedFromCache)
        #expect(third.key != first.key)
        let initFile = third.directory.appendingPathComponent("tinygreet/__init__.py")
        #expect(try String(contentsOf: initFile, encoding: .utf8) == "GREETING = \"bonjour\"\n")
    }

    @Test("an install interrupted before its marker was written is redone, never used")
    func interrupted() async throws {
        let plan = try #require(
            try DependencyPlan.make(
                codeDirectory: project.at("code"), runtime: "python3.12", python: python))
        try project.write("cache/python3.12-\(plan.key)/dependencies/half-written.py", "partial")
        let installed = try await builder.build(plan)
        #expect(!installed.reusedFromCache)
        #expect(
            !FileManager.default.fileExists(atPath: installed.directory.appendingPathComponent("half-written.py").path))
        #expect(FileManager.default.fileExists(atPath: installed.directory.appendingPathComponent("tinygreet").path))
    }

    @Test("two builds of the same manifest at once install once")
    func concurrent() async throws {
        async let first = build()
        async let second = build()
        let results = try await [first, second].compactMap { $0 }
        #expect(results.count == 2)
        #expect(results.filter { !$0.reusedFromCache }.count == 1)
        #expect(results[0].directory == results[1].directory)
    }

    @Test("a failing install throws with the command and its last lines of output, and leaves no cache entry")
    func failure() async throws {
        try project.write("code/requirements.txt", "./vendor/missing-1.0-py3-none-any.whl\n")
        let error = try await #require(throws: DependencyBuildError.self) { try await build() }
        #expect(error.reason.hasPrefix("pip failed (exit code"))
        #expect(error.command.contains("pip"))
        #expect(error.command.first == python)
        #expect(!error.outputTail.isEmpty)
        #expect(error.outputTail.count <= 20)
        #expect(error.outputTail.joined(separator: "\n").contains("missing-1.0-py3-none-any.whl"))
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: project.at("cache").path)) ?? []
        #expect(entries.isEmpty)
    }

    @Test("an interpreter that does not exist is an error naming the command")
    func missingInterpreter() async throws {
        let error = try await #require(throws: DependencyBuildError.self) {
            try await builder.build(
                codeDirectory: project.at("code"), runtime: "python3.12", python: "/nonexistent/python3.12")
        }
        #expect(error.reason.hasPrefix("cannot run pip"))
        #expect(error.command.first == "/nonexistent/python3.12")
    }
}
