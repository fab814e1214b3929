import Foundation
import LambWorkspace
import Testing

@Suite("Directory fingerprints")
struct DirectoryFingerprintTests {
    func tree() throws -> ScratchDirectory {
        let dir = try ScratchDirectory("fingerprint")
        try dir.write("app.py", "v1")
        try dir.write("lib/util.py", "util")
        return dir
    }

    @Test("an untouched tree keeps its fingerprint")
    func stable() throws {
        let dir = try tree()
        #expect(DirectoryFingerprint(of: dir.url) == DirectoryFingerprint(of: dir.url))
    }

    @Test(
        "writing, creating, deleting, renaming or chmod-ing changes the fingerprint",
        arguments: ["write", "create", "delete", "rename", "chmod", "mkdir", "symlink"])
    func changes(_ change: String) throws {
        let dir = try tree()
        let before = DirectoryFingerprint(of: dir.url)
        let fm = FileManager.default
        switch change {
        case "write": try dir.write("lib/util.py", "util, longer")
        case "create": try dir.write("lib/new.py", "")
        case "delete": try fm.removeItem(at: dir.at("lib/util.py"))
        case "rename": try fm.moveItem(at: dir.at("lib/util.py"), to: dir.at("lib/helpers.py"))
        case "chmod": try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.at("app.py").path)
        case "mkdir": try dir.makeDirectory("lib/sub")
        default: try dir.link("lib/alias.py", to: "util.py")
        }
        #expect(DirectoryFingerprint(of: dir.url) != before)
    }

    @Test("a rewrite with the same size is seen by its modification time")
    func sameSizeRewrite() throws {
        let dir = try tree()
        let before = DirectoryFingerprint(of: dir.url)
        let file = dir.at("app.py")
        try Data("v2".utf8).write(to: file)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: file.path)
        #expect(DirectoryFingerprint(of: dir.url) != before)
    }

    @Test("changes in ignored places (build output, caches, .git, editor swap files) do not count")
    func ignored() throws {
        let dir = try tree()
        let before = DirectoryFingerprint(of: dir.url)
        try dir.write(".aws-sam/build/x", "")
        try dir.write("__pycache__/app.cpython-312.pyc", "")
        try dir.write("node_modules/a/index.js", "")
        try dir.write(".git/index", "")
        try dir.write(".lamb/state.db", "")
        try dir.write(".app.py.swp", "")
        try dir.write("app.py~", "")
        try dir.write("lib/.#util.py", "")
        #expect(DirectoryFingerprint(of: dir.url) == before)
        #expect(DirectoryFingerprint(of: dir.url, ignoring: .none) != before)
    }

    @Test("with contents hashed, touching a file changes nothing and changing its bytes does")
    func contents() throws {
        let dir = try tree()
        let before = DirectoryFingerprint(of: dir.url, hashingContents: true)
        let file = dir.at("app.py")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: file.path)
        #expect(DirectoryFingerprint(of: dir.url, hashingContents: true) == before)
        try Data("v3".utf8).write(to: file)
        #expect(DirectoryFingerprint(of: dir.url, hashingContents: true) != before)
    }

    @Test("the fingerprint is of the tree's contents, not of where it is")
    func relocatable() throws {
        let first = try ScratchDirectory("fingerprint")
        let second = try ScratchDirectory("fingerprint")
        for dir in [first, second] {
            try dir.write("a.txt", "same")
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: dir.at("a.txt").path)
        }
        #expect(DirectoryFingerprint(of: first.url) == DirectoryFingerprint(of: second.url))
    }

    @Test("a single file can be fingerprinted, and a missing path has a fingerprint of its own")
    func singleFileAndMissing() throws {
        let dir = try tree()
        let file = DirectoryFingerprint(of: dir.at("app.py"))
        try dir.write("app.py", "v2, longer")
        #expect(DirectoryFingerprint(of: dir.at("app.py")) != file)
        let missing = DirectoryFingerprint(of: dir.at("nope"))
        try dir.write("nope", "")
        #expect(DirectoryFingerprint(of: dir.at("nope")) != missing)
    }
}
