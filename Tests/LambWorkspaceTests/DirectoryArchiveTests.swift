import Foundation
import LambWorkspace
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Directory archives")
struct DirectoryArchiveTests {
    @Test("a directory zips as `cd dir && zip -r` would: relative paths, modes, hidden files, links, empty directories")
    func roundTrip() throws {
        let dir = try ScratchDirectory("archive")
        try dir.write("bootstrap", "#!/bin/sh\n", mode: 0o755)
        try dir.write("handler.py", "def handler(e, c): pass\n", mode: 0o644)
        try dir.write(".hidden", "secret")
        try dir.write("lib/util.py", "X = 1\n")
        try dir.makeDirectory("empty")
        try dir.link("current", to: "lib/util.py")

        let zip = try ZipContents(DirectoryArchive.zip(directory: dir.url))

        #expect(Set(zip.order) == [".hidden", "bootstrap", "current", "empty", "handler.py", "lib", "lib/util.py"])
        #expect(zip["bootstrap"]?.permissions == 0o755)
        #expect(zip["handler.py"]?.permissions == 0o644)
        #expect(zip["bootstrap"]?.text == "#!/bin/sh\n")
        #expect(zip["current"]?.kind == .symlink)
        #expect(zip["current"]?.text == "lib/util.py")
        #expect(zip["empty"]?.kind == .directory)
        #expect(zip["lib"]?.kind == .directory)
        #expect(zip["lib/util.py"]?.text == "X = 1\n")
    }

    @Test("entries come depth first in name order, and the same tree gives the same bytes")
    func deterministic() throws {
        let dir = try ScratchDirectory("archive")
        for path in ["b.txt", "a/z.txt", "a-c.txt", "a/b/c.txt", "A.txt"] { try dir.write(path, path) }
        let first = try DirectoryArchive.zip(directory: dir.url)
        let second = try DirectoryArchive.zip(directory: dir.url)
        #expect(first == second)
        // A directory's contents follow it at once ("a/..." before "a-c.txt", although "-" sorts before "/").
        #expect(try ZipContents(first).order == ["A.txt", "a", "a/b", "a/b/c.txt", "a/z.txt", "a-c.txt", "b.txt"])
    }

    @Test("a FIFO is refused by name, not skipped")
    func refusesSpecialFiles() throws {
        let dir = try ScratchDirectory("archive")
        try dir.write("ok.txt", "fine")
        #expect(mkfifo(dir.at("pipe").path, 0o644) == 0)
        let error = #expect(throws: DirectoryArchiveError.self) { try DirectoryArchive.zip(directory: dir.url) }
        #expect(
            error?.message == "cannot package \(dir.at("pipe").path): not a regular file, directory or symbolic link")
    }

    @Test("a missing directory is an error naming it")
    func missingDirectory() throws {
        let dir = try ScratchDirectory("archive")
        let error = #expect(throws: DirectoryArchiveError.self) {
            try DirectoryArchive.zip(directory: dir.at("nope"))
        }
        #expect(error?.message.hasPrefix("cannot list \(dir.at("nope").path)") == true)
    }

    @Test("layers: a later root's entry wins, directories merge, and a file replacing a directory takes its place")
    func layering() throws {
        let dir = try ScratchDirectory("archive")
        try dir.write("deps/requests/__init__.py", "dependency")
        try dir.write("deps/shared.py", "from deps")
        try dir.write("deps/tool/inner.txt", "a directory in the first layer")
        try dir.write("code/shared.py", "from code")
        try dir.write("code/requests/extra.py", "the user's own file in the same package")
        try dir.write("code/tool", "a file in the second layer")
        try dir.write("code/app.py", "app", mode: 0o700)

        let zip = try ZipContents(DirectoryArchive.zip(layers: [dir.at("deps"), dir.at("code")]))

        #expect(zip["shared.py"]?.text == "from code")
        #expect(zip["requests/__init__.py"]?.text == "dependency")
        #expect(zip["requests/extra.py"] != nil)
        #expect(zip["tool"]?.kind == .file)
        #expect(zip["tool/inner.txt"] == nil)
        #expect(zip["app.py"]?.permissions == 0o700)
        #expect(zip.order == ["app.py", "requests", "requests/__init__.py", "requests/extra.py", "shared.py", "tool"])
    }

    @Test("a function's package leaves out what sam build leaves out of its source")
    func samExclusions() throws {
        let dir = try ScratchDirectory("archive")
        try dir.write("code/app.py", "app")
        try dir.write("code/.aws-sam/build/template.yaml", "built")
        try dir.write("code/.git/HEAD", "ref")
        try dir.write("code/__pycache__/app.cpython-312.pyc", "bytecode")
        try dir.write("code/lib/__pycache__/x.pyc", "bytecode")
        try dir.write("code/old.pyc", "bytecode")
        try dir.write("code/node_modules/left-pad/index.js", "theirs")

        let zip = try ZipContents(DirectoryArchive.zip(code: dir.at("code"), dependencies: nil))

        #expect(
            Set(zip.order) == [
                "app.py", "lib", "node_modules", "node_modules/left-pad", "node_modules/left-pad/index.js",
            ])
    }

    @Test("the code's own node_modules gives way to one the dependency build made, and is kept otherwise")
    func nodeModulesPrecedence() throws {
        let dir = try ScratchDirectory("archive")
        try dir.write("code/index.js", "handler")
        try dir.write("code/node_modules/stale/index.js", "from an old local npm install")
        try dir.write("built/node_modules/greeting/index.js", "installed")
        try dir.write("pip/requests/__init__.py", "installed")

        let withNode = try ZipContents(DirectoryArchive.zip(code: dir.at("code"), dependencies: dir.at("built")))
        #expect(withNode["node_modules/greeting/index.js"]?.text == "installed")
        #expect(withNode["node_modules/stale"] == nil)

        let withPip = try ZipContents(DirectoryArchive.zip(code: dir.at("code"), dependencies: dir.at("pip")))
        #expect(withPip["node_modules/stale/index.js"] != nil)
        #expect(withPip["requests/__init__.py"] != nil)
    }

    @Test("exclusions match names at any depth, top-level names only at the top, and file suffixes only on files")
    func exclusionRules() {
        let rules = ArchiveExclusions.samSource.skipping(topLevel: "node_modules")
        #expect(rules.excludes(name: ".git", depth: 3, isDirectory: true))
        #expect(rules.excludes(name: "node_modules", depth: 0, isDirectory: true))
        #expect(!rules.excludes(name: "node_modules", depth: 2, isDirectory: true))
        #expect(rules.excludes(name: "x.pyc", depth: 1, isDirectory: false))
        #expect(!rules.excludes(name: "weird.pyc", depth: 1, isDirectory: true))
        #expect(!ArchiveExclusions.none.excludes(name: ".git", depth: 0, isDirectory: true))
    }
}
