import Foundation
import LambCore
import LambSandbox
import LambWorkspace
import Synchronization

/// The interpreters and package managers on this machine that the install tests need, and whether they work.
enum InstallTools {
    static let environment = DependencyBuilder.currentProcessEnvironment()
    static let python = ExecutableSearch.find("python3", path: environment["PATH"])
    static let npm = ExecutableSearch.find("npm", path: environment["PATH"])

    /// `python3 -m pip --version` succeeds.
    static func pipWorks() async -> Bool {
        guard let python = await realPython() else { return false }
        return await succeeds(python, ["-m", "pip", "--version"])
    }

    /// The interpreter `python3` on PATH runs (`sys.executable`), not a wrapper such as a pyenv shim: a shim rehashes
    /// after each `pip install`, and two installs at once (the tests run in parallel) fail its rehash lock.
    static func realPython() async -> String? {
        guard let python else { return nil }
        let lines = Mutex([String]())
        let exit = try? await HelperCommand.run(
            python, ["-c", "import sys; print(sys.executable)"], environment: environment, workingDirectory: nil
        ) { line in lines.withLock { $0.append(line) } }
        guard exit == .exited(code: 0), let path = lines.withLock({ $0.last }), path.hasPrefix("/") else { return nil }
        return path
    }

    /// `npm --version` succeeds.
    static func npmWorks() async -> Bool {
        guard let npm else { return false }
        return await succeeds(npm, ["--version"])
    }

    static func succeeds(_ executable: String, _ arguments: [String], in directory: URL? = nil) async -> Bool {
        let exit = try? await HelperCommand.run(
            executable, arguments, environment: environment, workingDirectory: directory?.path, output: { _ in })
        return exit == .exited(code: 0)
    }

    /// A minimal wheel (no build step, so pip installs it offline): `<name>/__init__.py` saying `greeting`.
    static func makeWheel(named name: String, greeting: String, in dir: ScratchDirectory, at relative: String) throws {
        let source = try ScratchDirectory("wheel-source")
        try source.write("\(name)/__init__.py", "GREETING = \(greeting.debugDescription)\n")
        try source.write("\(name)-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: \(name)\nVersion: 1.0\n")
        try source.write(
            "\(name)-1.0.dist-info/WHEEL",
            "Wheel-Version: 1.0\nGenerator: lamb-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        try source.write(
            "\(name)-1.0.dist-info/RECORD",
            "\(name)/__init__.py,,\n\(name)-1.0.dist-info/METADATA,,\n\(name)-1.0.dist-info/WHEEL,,\n"
                + "\(name)-1.0.dist-info/RECORD,,\n")
        let wheel = try DirectoryArchive.zip(directory: source.url)
        try FileManager.default.createDirectory(
            at: dir.at(relative).deletingLastPathComponent(), withIntermediateDirectories: true)
        try wheel.write(to: dir.at(relative))
    }
}
