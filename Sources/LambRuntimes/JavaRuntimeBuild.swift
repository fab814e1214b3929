import Foundation
import LambCore
import Synchronization

/// Lamb's Java runtime client, compiled from the sources in the package's resources (`Shims/java/src`) with
/// `javac --release 17` into `<cache>/<hash of the sources>/classes`, once: a later `lamb serve` (or a second one on
/// the same data directory) finds the classes there. The same classes are the `com.amazonaws.services.lambda.runtime`
/// interfaces functions compile against (`lamb java-classpath` prints the directory).
public final class JavaRuntimeBuild: Sendable {
    public let sourcesDirectory: String
    public let cacheDirectory: String
    /// The compiler used: any JDK's `javac` compiles for release 17.
    public let javac: String?

    private enum State {
        case notBuilt
        case built(String)
        case failed(String)
    }

    // Held while javac runs: a launch that needs the classes waits for the build the server's start began.
    private let state = Mutex(State.notBuilt)

    public init(sourcesDirectory: String, cacheDirectory: String, javac: String?) {
        self.sourcesDirectory = sourcesDirectory
        self.cacheDirectory = cacheDirectory
        self.javac = javac
    }

    /// The classes directory, compiling it first if no earlier run did. Throws with javac's complaint.
    public func classesDirectory() throws -> String {
        try state.withLock { state in
            switch state {
            case .built(let directory): return directory
            case .failed(let reason): throw LambError(.serviceException, reason)
            case .notBuilt:
                do {
                    let directory = try build()
                    state = .built(directory)
                    return directory
                } catch {
                    let reason = "Lamb's Java runtime client could not be compiled: \(error)"
                    state = .failed(reason)
                    throw LambError(.serviceException, reason)
                }
            }
        }
    }

    /// ``classesDirectory()`` waited for on a thread of its own: javac takes seconds, which must not hold one of the
    /// few threads Swift's concurrency runs everything else on (two on a two-core host).
    public func prepared() async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try self.classesDirectory() }) }.start()
        }
    }

    private func build() throws -> String {
        let sources = Self.sourceFiles(in: sourcesDirectory)
        guard !sources.isEmpty else { throw BuildError("no Java sources in \(sourcesDirectory)") }
        let target = "\(cacheDirectory)/\(try Self.hash(of: sources, root: sourcesDirectory))"
        let classes = "\(target)/classes"
        if FileManager.default.fileExists(atPath: "\(classes)/lamb/runtime/Bootstrap.class") { return classes }
        guard let javac else { throw BuildError("no javac found (install a JDK)") }
        // Compiled beside the final place and renamed into it: a concurrent Lamb never sees half the classes.
        let scratch = "\(target)/classes.\(getpid()).tmp"
        try? FileManager.default.removeItem(atPath: scratch)
        try FileManager.default.createDirectory(
            atPath: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let output = try Self.run(javac, ["--release", "17", "-nowarn", "-encoding", "UTF-8", "-d", scratch] + sources)
        guard output.status == 0 else {
            try? FileManager.default.removeItem(atPath: scratch)
            throw BuildError("javac exited with \(output.status): \(output.text.prefix(2000))")
        }
        Self.makeReadable(scratch)
        if rename(scratch, classes) != 0 {
            try? FileManager.default.removeItem(atPath: scratch)
            guard FileManager.default.fileExists(atPath: classes) else {
                throw BuildError("rename failed: errno \(errno)")
            }
        }
        return classes
    }

    /// Every `.java` file under `root`, in path order.
    static func sourceFiles(in root: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".java") }.sorted().map { "\(root)/\($0)" }
    }

    /// SHA-256 over each source's path (relative to `root`) and contents: a changed runtime gets a new directory.
    static func hash(of files: [String], root: String) throws -> String {
        var sha = SHA256()
        for file in files {
            sha.update(Array(file.dropFirst(root.count).utf8) + [0])
            sha.update(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        }
        return sha.finalize().prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// Sandboxed runtimes run as other users: the classes must be readable by everyone, whatever the umask.
    private static func makeReadable(_ root: String) {
        let walker = FileManager.default.enumerator(atPath: root)
        while let relative = walker?.nextObject() as? String {
            let path = "\(root)/\(relative)"
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            chmod(path, isDirectory.boolValue ? 0o755 : 0o644)
        }
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    struct BuildError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
