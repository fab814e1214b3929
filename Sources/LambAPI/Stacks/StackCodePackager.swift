import Foundation
import LambCore
import LambRuntimes
import LambTemplates
import LambWorkspace

/// A function's or layer's code as Lamb stores it: the zip, its hash, and where it came from.
struct PackagedCode: Sendable {
    var zip: Data
    /// Base64 of the zip's SHA-256, as Lambda reports `CodeSha256`.
    var sha256: String
    /// Shown in the start-up table: the directory the code comes from, or `inline`, or the zip's path.
    var origin: String

    init(zip: Data, origin: String) {
        self.zip = zip
        self.sha256 = Data(SHA256.hash(zip)).base64EncodedString()
        self.origin = origin
    }
}

/// Turns a template's code sources into zips, as `sam build` then `sam deploy` would: dependencies installed
/// (cached), the code directory on top, or the `sam build` output when the project has one.
struct StackCodePackager: Sendable {
    let builder: DependencyBuilder
    let buildDependencies: Bool
    let runtimes: RuntimeCatalog

    /// Why a function's code cannot be packaged; the function is reported and skipped.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func package(
        _ function: StackFunction, projectRoot: URL, progress: @escaping @Sendable (String) -> Void
    ) async throws -> PackagedCode {
        let runtime = function.settings.runtime ?? ""
        switch function.code {
        case .directory(let path):
            if let built = SAMBuildArtifacts(projectRoot: projectRoot).codeDirectory(forLogicalId: function.logicalId) {
                return PackagedCode(zip: try DirectoryArchive.zip(directory: built), origin: relative(built.path, projectRoot))
            }
            let code = URL(fileURLWithPath: path, isDirectory: true)
            var dependencies: URL?
            if buildDependencies {
                dependencies = try await builder.build(
                    codeDirectory: code, runtime: runtime, python: runtimes.interpreters[runtime], progress: progress
                )?.directory
            }
            return PackagedCode(
                zip: try DirectoryArchive.zip(code: code, dependencies: dependencies), origin: relative(path, projectRoot))
        case .zipFile(let path):
            do {
                return PackagedCode(zip: try Data(contentsOf: URL(fileURLWithPath: path)), origin: relative(path, projectRoot))
            } catch {
                throw Failure(description: "cannot read \(path): \(error.localizedDescription)")
            }
        case .inline(let source):
            return PackagedCode(zip: try inlineZip(source, runtime: runtime), origin: "inline")
        case .s3(let bucket, let key):
            throw Failure(description: "code on S3 (s3://\(bucket)/\(key)) cannot be fetched locally; point CodeUri at a directory")
        case .image:
            throw Failure(description: "an Image function has no code to package (its image is pulled)")
        }
    }

    func package(_ layer: StackLayer, projectRoot: URL) throws -> PackagedCode {
        switch layer.content {
        case .directory(let path):
            if let built = SAMBuildArtifacts(projectRoot: projectRoot).codeDirectory(forLogicalId: layer.logicalId) {
                return PackagedCode(zip: try DirectoryArchive.zip(directory: built), origin: relative(built.path, projectRoot))
            }
            return PackagedCode(
                zip: try DirectoryArchive.zip(code: URL(fileURLWithPath: path, isDirectory: true), dependencies: nil),
                origin: relative(path, projectRoot))
        case .zipFile(let path):
            do {
                return PackagedCode(zip: try Data(contentsOf: URL(fileURLWithPath: path)), origin: relative(path, projectRoot))
            } catch {
                throw Failure(description: "cannot read \(path): \(error.localizedDescription)")
            }
        case .inline:
            throw Failure(description: "a layer's content cannot be inline")
        case .s3(let bucket, let key):
            throw Failure(description: "content on S3 (s3://\(bucket)/\(key)) cannot be fetched locally; point ContentUri at a directory")
        case .image:
            throw Failure(description: "a layer's content cannot be an image")
        }
    }

    /// Inline code (`InlineCode`, `Code.ZipFile`) is one file, named as Lambda names it: `index.py` for Python,
    /// `index.js` for Node.js (so `Handler: index.handler` works as on AWS).
    private func inlineZip(_ source: String, runtime: String) throws -> Data {
        let file = runtime.hasPrefix("nodejs") ? "index.js" : runtime.hasPrefix("python") ? "index.py" : "index"
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-inline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        try Data(source.utf8).write(to: staging.appendingPathComponent(file))
        return try DirectoryArchive.zip(directory: staging)
    }

    private func relative(_ path: String, _ root: URL) -> String {
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
