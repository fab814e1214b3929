import Foundation
import LambWorkspace
import Testing

@Suite("File watcher")
struct FileWatcherTests {
    /// Both mechanisms on Linux; polling alone elsewhere.
    static let mechanisms: [FileWatcher.Mechanism] = {
        #if os(Linux)
            return [.inotify, .polling]
        #else
            return [.polling]
        #endif
    }()

    func watch(
        _ dir: ScratchDirectory, files: [URL] = [], mechanism: FileWatcher.Mechanism,
        debounce: Duration = .milliseconds(200)
    ) throws -> (FileWatcher, ChangeRecorder) {
        let recorder = ChangeRecorder()
        let watcher = FileWatcher(
            directories: [dir.url], files: files, debounce: debounce, pollInterval: .milliseconds(100),
            mechanism: mechanism
        ) { recorder.record($0) }
        #expect(try watcher.start() == mechanism)
        return (watcher, recorder)
    }

    @Test("a write, a create, a delete and a rename in a nested directory are each reported", arguments: mechanisms)
    func seesChanges(_ mechanism: FileWatcher.Mechanism) async throws {
        let dir = try ScratchDirectory("watch")
        try dir.write("src/lib/util.py", "v1")
        try dir.write("src/lib/old.py", "old")
        try dir.write("src/lib/gone.py", "gone")
        let (watcher, recorder) = try watch(dir, mechanism: mechanism)
        defer { watcher.stop() }

        try dir.write("src/lib/util.py", "v2, longer")
        #expect(await recorder.waitFor(dir.at("src/lib/util.py").path))
        try dir.write("src/lib/new.py", "new")
        #expect(await recorder.waitFor(dir.at("src/lib/new.py").path))
        try FileManager.default.removeItem(at: dir.at("src/lib/gone.py"))
        #expect(await recorder.waitFor(dir.at("src/lib/gone.py").path))
        try FileManager.default.moveItem(at: dir.at("src/lib/old.py"), to: dir.at("src/lib/renamed.py"))
        #expect(await recorder.waitFor(dir.at("src/lib/renamed.py").path))
        #expect(recorder.paths.contains(dir.at("src/lib/old.py").path))
    }

    @Test("a directory made after the start is watched too, with what was put in it at once", arguments: mechanisms)
    func newDirectories(_ mechanism: FileWatcher.Mechanism) async throws {
        let dir = try ScratchDirectory("watch")
        let (watcher, recorder) = try watch(dir, mechanism: mechanism)
        defer { watcher.stop() }

        try dir.write("pkg/sub/first.py", "made with its directories")
        #expect(await recorder.waitFor(dir.at("pkg/sub/first.py").path))
        try dir.write("pkg/sub/later.py", "made after the watch was added")
        #expect(await recorder.waitFor(dir.at("pkg/sub/later.py").path))
    }

    @Test("a burst of writes is one report, after the quiet period")
    func debounces() async throws {
        let dir = try ScratchDirectory("watch")
        // A long quiet period, so that a busy machine pausing the burst cannot split it.
        let (watcher, recorder) = try watch(dir, mechanism: Self.mechanisms[0], debounce: .seconds(1))
        defer { watcher.stop() }

        let files = (0..<5).map { "f\($0).txt" }
        for name in files { try dir.write(name, "x") }
        #expect(await recorder.wait { !$0.isEmpty })
        let first = try #require(recorder.all.first)
        #expect(Set(first).isSuperset(of: files.map { dir.at($0).path }))
    }

    @Test("changes to ignored paths are not reported", arguments: mechanisms)
    func ignores(_ mechanism: FileWatcher.Mechanism) async throws {
        let dir = try ScratchDirectory("watch")
        try dir.makeDirectory("node_modules")
        let (watcher, recorder) = try watch(dir, mechanism: mechanism)
        defer { watcher.stop() }

        try dir.write(".git/index", "x")
        try dir.write("node_modules/a/index.js", "x")
        try dir.write("__pycache__/app.pyc", "x")
        try dir.write(".app.py.swp", "x")
        try dir.write("4913", "")
        try dir.write("app.py~", "x")
        // A change that is reported, made last: once it is seen, anything ignored would have been seen too.
        try dir.write("app.py", "real")
        #expect(await recorder.waitFor(dir.at("app.py").path))
        try await Task.sleep(for: .milliseconds(300))
        #expect(recorder.paths == [dir.at("app.py").path])
    }

    @Test(
        "a watched file is seen through an editor's save by rename, and its neighbours are not reported",
        arguments: mechanisms)
    func singleFile(_ mechanism: FileWatcher.Mechanism) async throws {
        let dir = try ScratchDirectory("watch")
        let code = try ScratchDirectory("watch-code")
        let template = try dir.write("template.yaml", "v1")
        let (watcher, recorder) = try watch(code, files: [template], mechanism: mechanism)
        defer { watcher.stop() }

        try dir.write("unrelated.txt", "x")
        try dir.write("template.yaml.tmp", "v2 of the template")
        try FileManager.default.removeItem(at: template)
        try FileManager.default.moveItem(at: dir.at("template.yaml.tmp"), to: template)
        #expect(await recorder.waitFor(template.path))
        try dir.write("template.yaml", "v3 of the template, again")
        try await Task.sleep(for: .milliseconds(300))
        #expect(recorder.paths == [template.path])
    }

    @Test("after stop, changes are no longer reported")
    func stops() async throws {
        let dir = try ScratchDirectory("watch")
        let (watcher, recorder) = try watch(dir, mechanism: Self.mechanisms[0])
        try dir.write("a.txt", "x")
        #expect(await recorder.waitFor(dir.at("a.txt").path))
        watcher.stop()
        #expect(watcher.mechanism == nil)
        recorder.clear()
        try dir.write("b.txt", "x")
        try await Task.sleep(for: .milliseconds(600))
        #expect(recorder.all.isEmpty)
    }

    @Test("run() watches until its task is cancelled")
    func runUntilCancelled() async throws {
        let dir = try ScratchDirectory("watch")
        let recorder = ChangeRecorder()
        let watcher = FileWatcher(directories: [dir.url], pollInterval: .milliseconds(100)) { recorder.record($0) }
        let task = Task { try await watcher.run() }
        #expect(await recorder.wait(upTo: .seconds(15)) { _ in watcher.mechanism != nil })
        try dir.write("a.txt", "x")
        #expect(await recorder.waitFor(dir.at("a.txt").path))
        task.cancel()
        try await task.value
        #expect(watcher.mechanism == nil)
    }
}
