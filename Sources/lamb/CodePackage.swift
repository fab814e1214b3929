import ArgumentParser
import Foundation
import LambWorkspace

/// A deployment package given as `--code PATH`: a directory, zipped in memory, or a `.zip` file sent as it is.
enum CodePackage {
    /// Checks `--code` before anything is sent: it must be a directory or a `.zip` file.
    static func validate(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("--code: no such file or directory: \(path)")
        }
        guard isDirectory.boolValue || path.lowercased().hasSuffix(".zip") else {
            throw ValidationError("--code: expected a directory or a .zip file, got \(path)")
        }
    }

    /// The zip bytes for `path`.
    static func load(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ClientError.input("no such file or directory: \(path)")
        }
        if isDirectory.boolValue {
            // Exactly the directory, nothing left out: `--code` is a package the user assembled, not a SAM source.
            do {
                return try DirectoryArchive.zip(directory: URL(fileURLWithPath: path, isDirectory: true))
            } catch {
                throw ClientError.input(error.message)
            }
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ClientError.input("cannot read \(path): \(error.localizedDescription)")
        }
    }
}
