import Foundation
import LambWorkspace
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("npm installs", .enabled("needs npm on PATH") { await InstallTools.npmWorks() })
struct NpmDependencyBuilderTests {
    let project: ScratchDirectory
    let builder: DependencyBuilder

    /// A project with a local package packed as a tarball (`vendor/greeting-1.0.0.tgz`) and another as a directory
    /// (`shared/`), both referenced relative to the function's code directory. The npm registry is never needed.
    init() async throws {
        project = try ScratchDirectory("npm")
        builder = DependencyBuilder(cacheRoot: project.at("cache"), environment: InstallTools.environment)
        try project.write("greeting/package.json", #"{"name": "greeting", "version": "1.0.0", "main": "index.js"}"#)
        try project.write("greeting/index.js", "module.exports = () => 'hello';\n")
        try project.write("shared/package.json", #"{"name": "shared", "version": "2.0.0"}"#)
        try project.write("shared/index.js", "module.exports = 'shared';\n")
        try project.write("devtool/package.json", #"{"name": "devtool", "version": "0.1.0"}"#)
        try project.makeDirectory("vendor")
        let npm = try #require(InstallTools.npm)
        #expect(await InstallTools.succeeds(npm, ["pack", "../greeting"], in: project.at("vendor")))
        try project.write("code/index.js", "const greeting = require('greeting');\n")
        try project.write(
            "code/package.json",
            #"{"name": "fn", "version": "1.0.0", "dependencies": {"greeting": "file:../vendor/greeting-1.0.0.tgz", "shared": "file:../shared"}, "devDependencies": {"devtool": "file:../devtool"}}"#
        )
    }

    func build() async throws -> InstalledDependencies? {
        try await builder.build(codeDirectory: project.at("code"), runtime: "nodejs20.x")
    }

    @Test("local file: dependencies relative to the code directory install into a cached node_modules")
    func installs() async throws {
        let installed = try #require(try await build())
        #expect(installed.manager == .npm)
        #expect(!installed.reusedFromCache)
        let modules = installed.directory.appendingPathComponent("node_modules")
        #expect(FileManager.default.fileExists(atPath: modules.appendingPathComponent("greeting/index.js").path))
        // A directory dependency is installed as files, not as a link to a path outside the package.
        var info = stat()
        #expect(lstat(modules.appendingPathComponent("shared").path, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFDIR)
        // Dev dependencies are not installed (`--omit=dev`); a relative one still resolves, as npm needs it to.
        #expect(!FileManager.default.fileExists(atPath: modules.appendingPathComponent("devtool").path))
        // The user's directory is left alone: no node_modules, no lock file written there.
        #expect(!project.exists("code/node_modules"))
        #expect(!project.exists("code/package-lock.json"))

        let zip = try ZipContents(DirectoryArchive.zip(code: project.at("code"), dependencies: installed.directory))
        #expect(zip["node_modules/greeting/index.js"]?.text == "module.exports = () => 'hello';\n")
        #expect(zip["node_modules/shared/index.js"] != nil)
        #expect(zip["index.js"] != nil)
    }

    @Test("an unchanged manifest is not reinstalled; a new tarball is")
    func cached() async throws {
        let first = try #require(try await build())
        let second = try #require(try await build())
        #expect(second.reusedFromCache)
        #expect(second.directory == first.directory)

        try project.write("greeting/index.js", "module.exports = () => 'bonjour';\n")
        let npm = try #require(InstallTools.npm)
        #expect(await InstallTools.succeeds(npm, ["pack", "../greeting"], in: project.at("vendor")))
        let third = try #require(try await build())
        #expect(!third.reusedFromCache)
        let index = third.directory.appendingPathComponent("node_modules/greeting/index.js")
        #expect(try String(contentsOf: index, encoding: .utf8).contains("bonjour"))
    }

    @Test("a user's package-lock.json with relative file: entries still installs")
    func lockFile() async throws {
        try project.write(
            "code/package-lock.json",
            #"""
            {"name": "fn", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {
              "": {"name": "fn", "version": "1.0.0", "dependencies": {"greeting": "file:../vendor/greeting-1.0.0.tgz"}},
              "node_modules/greeting": {"version": "1.0.0", "resolved": "file:../vendor/greeting-1.0.0.tgz"}}}
            """#)
        let installed = try #require(try await build())
        #expect(
            FileManager.default.fileExists(
                atPath: installed.directory.appendingPathComponent("node_modules/greeting/index.js").path))
    }

    @Test("a failing npm install throws with its output")
    func failure() async throws {
        try project.write("code/package.json", #"{"dependencies": {"greeting": "file:../vendor/nope-9.9.9.tgz"}}"#)
        let error = try await #require(throws: DependencyBuildError.self) { try await build() }
        #expect(error.reason.hasPrefix("npm install failed (exit code"))
        #expect(!error.outputTail.isEmpty)
        #expect(error.description.contains("command: \(InstallTools.npm ?? "") install --omit=dev"))
    }
}

@Suite("npm availability")
struct NpmAvailabilityTests {
    @Test("an npm that cannot be run is an error naming it, not a hang")
    func missingNpm() async throws {
        let project = try ScratchDirectory("npm-missing")
        try project.write("code/package.json", #"{"dependencies": {"left-pad": "1.3.0"}}"#)
        let builder = DependencyBuilder(
            cacheRoot: project.at("cache"), environment: ["PATH": "/nonexistent"], npm: "/nonexistent/npm")
        let error = try await #require(throws: DependencyBuildError.self) {
            try await builder.build(codeDirectory: project.at("code"), runtime: "nodejs20.x")
        }
        #expect(error.reason.hasPrefix("cannot run npm install"))
    }

    @Test("without npm on PATH the error says so")
    func notOnPath() async throws {
        let project = try ScratchDirectory("npm-missing")
        try project.write("code/package.json", #"{"dependencies": {"left-pad": "1.3.0"}}"#)
        let builder = DependencyBuilder(cacheRoot: project.at("cache"), environment: ["PATH": "/nonexistent"])
        let error = try await #require(throws: DependencyBuildError.self) {
            try await builder.build(codeDirectory: project.at("code"), runtime: "nodejs20.x")
        }
        #expect(error.reason.contains("npm was not found on PATH"))
    }
}
