import Foundation
import LambWorkspace
import Testing

@Suite("Dependency plans and cache keys")
struct DependencyPlanTests {
    func plan(_ dir: ScratchDirectory, _ runtime: String = "python3.12", python: String? = "/usr/bin/python3")
        throws -> DependencyPlan?
    {
        try DependencyPlan.make(codeDirectory: dir.at("code"), runtime: runtime, python: python)
    }

    @Test("nothing to install: no manifest, only comments, no dependencies, or a runtime Lamb builds nothing for")
    func nothing() throws {
        let dir = try ScratchDirectory("plan")
        try dir.write("code/app.py", "")
        #expect(try plan(dir) == nil)
        try dir.write("code/requirements.txt", "# nothing yet\n\n   # still nothing\n")
        #expect(try plan(dir) == nil)
        try dir.write("code/package.json", #"{"name": "fn", "devDependencies": {"jest": "^29"}}"#)
        #expect(try plan(dir, "nodejs20.x") == nil)
        try dir.write("code/requirements.txt", "requests==2.32.3\n")
        #expect(try plan(dir, "java21") == nil)
        #expect(try plan(dir, "provided.al2023") == nil)
    }

    @Test(
        "the manager follows the runtime family",
        arguments: [
            ("python3.12", DependencyManager.pip), ("python3.9", .pip), ("nodejs20.x", .npm), ("nodejs22.x", .npm),
        ])
    func manager(_ runtime: String, _ expected: DependencyManager) throws {
        let dir = try ScratchDirectory("plan")
        try dir.write("code/requirements.txt", "requests\n")
        try dir.write("code/package.json", #"{"dependencies": {"left-pad": "1.3.0"}}"#)
        #expect(try plan(dir, runtime)?.manager == expected)
    }

    @Test("the same files give the same key")
    func stable() throws {
        let dir = try ScratchDirectory("plan")
        try dir.write("code/requirements.txt", "requests==2.32.3\n")
        let first = try #require(try plan(dir))
        #expect(try plan(dir)?.key == first.key)
        #expect(first.key.count == 64)
        // The code itself is not part of the key: editing a handler does not reinstall.
        try dir.write("code/app.py", "edited")
        #expect(try plan(dir)?.key == first.key)
    }

    @Test("the key changes with the manifest, the runtime and the interpreter")
    func pythonKey() throws {
        let dir = try ScratchDirectory("plan")
        try dir.write("code/requirements.txt", "requests==2.32.3\n")
        let base = try #require(try plan(dir)).key
        #expect(try plan(dir, "python3.13")?.key != base)
        #expect(try plan(dir, python: "/usr/bin/python3.13")?.key != base)
        try dir.write("code/requirements.txt", "requests==2.32.4\n")
        #expect(try plan(dir)?.key != base)
    }

    @Test("local packages a requirements file names count with their contents, as do included files")
    func pythonLocalReferences() throws {
        let dir = try ScratchDirectory("plan")
        try dir.write(
            "code/requirements.txt", "-r more.txt\n./vendor/tiny-1.0-py3-none-any.whl\n-e ../lib # editable\n")
        try dir.write("code/more.txt", "idna\n")
        try dir.write("code/vendor/tiny-1.0-py3-none-any.whl", "wheel v1")
        try dir.write("lib/setup.py", "v1")
        var key = try #require(try plan(dir)).key
        for (path, content) in [
            ("code/vendor/tiny-1.0-py3-none-any.whl", "wheel v2"), ("code/more.txt", "idna==3\n"),
            ("lib/setup.py", "v2"),
        ] {
            try dir.write(path, content)
            let next = try #require(try plan(dir)).key
            #expect(next != key, "\(path)")
            key = next
        }
    }

    @Test("npm keys cover package.json, the lock file, .npmrc and local file: packages")
    func npmKey() throws {
        let dir = try ScratchDirectory("plan")
        try dir.write("code/package.json", #"{"dependencies": {"greeting": "file:../vendor/greeting-1.0.0.tgz"}}"#)
        try dir.write("vendor/greeting-1.0.0.tgz", "tarball v1")
        var key = try #require(try plan(dir, "nodejs20.x")).key
        for (path, content) in [
            ("vendor/greeting-1.0.0.tgz", "tarball v2"), ("code/package-lock.json", "{}"), ("code/.npmrc", "x=1"),
            ("code/package.json", #"{"dependencies": {"greeting": "file:../vendor/greeting-1.0.0.tgz", "a": "1"}}"#),
        ] {
            try dir.write(path, content)
            let next = try #require(try plan(dir, "nodejs20.x")).key
            #expect(next != key, "\(path)")
            key = next
        }
        #expect(try plan(dir, "nodejs22.x")?.key != key)
    }

    @Test("mistakes in manifests are errors: package.json that is not an object, pip without an interpreter")
    func mistakes() throws {
        let dir = try ScratchDirectory("plan")
        try dir.write("code/package.json", "[1, 2")
        #expect(throws: DependencyBuildError.self) { try plan(dir, "nodejs20.x") }
        try dir.write("code/requirements.txt", "requests\n")
        let error = #expect(throws: DependencyBuildError.self) { try plan(dir, python: nil) }
        #expect(error?.reason.contains("no Python interpreter for python3.12") == true)
    }
}
