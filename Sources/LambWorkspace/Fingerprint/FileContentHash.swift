import Foundation
import LambCore

/// SHA-256 of a file's bytes, read in chunks so a large tarball is not held in memory at once.
enum FileContentHash {
    static func sha256(ofFileAt path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        while true {
            guard let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
            hash.update(Array(chunk))
        }
        return hash.finalize()
    }
}
