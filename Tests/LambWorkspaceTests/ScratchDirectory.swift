import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A temporary directory for one test, removed when the test lets go of it.
final class ScratchDirectory: Sendable {
    let url: URL

    init(_ label: String = "workspace") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lamb-\(label)-\(UUID().uuidString)", isDirectory: true)
            .resolvingSymlinksInPath()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var path: String { url.path }

    func at(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// Writes `content` at `relative`, making directories on the way; returns the file's URL.
    @discardableResult
    func write(_ relative: String, _ content: String, mode: Int? = nil) throws -> URL {
        let file = at(relative)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: file)
        if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path) }
        return file
    }

    @discardableResult
    func makeDirectory(_ relative: String) throws -> URL {
        let directory = at(relative)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    func link(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: at(relative).path, withDestinationPath: target)
    }

    func read(_ relative: String) -> String? {
        (try? Data(contentsOf: at(relative))).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String) -> Bool {
        var info = stat()
        return lstat(at(relative).path, &info) == 0
    }
}
