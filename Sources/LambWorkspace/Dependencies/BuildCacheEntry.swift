import Foundation

/// One install in the build cache, `<cacheRoot>/<runtime>-<key>/`:
/// - `dependencies/`: what is laid under the code (pip's `-t` target; npm's `node_modules` moved in);
/// - `npm-project/`: npm's staging project while it installs, removed afterwards;
/// - `complete`: written last, by rename, once the install succeeded. An entry without it (Lamb was killed, the
///   install failed) is removed and redone, never used.
struct BuildCacheEntry {
    let directory: URL

    init(cacheRoot: URL, plan: DependencyPlan) {
        directory = cacheRoot.appendingPathComponent("\(plan.runtime)-\(plan.key)", isDirectory: true)
    }

    var dependencies: URL { directory.appendingPathComponent("dependencies", isDirectory: true) }
    var npmProject: URL { directory.appendingPathComponent("npm-project", isDirectory: true) }
    private var marker: URL { directory.appendingPathComponent("complete") }

    var isComplete: Bool { FileManager.default.fileExists(atPath: marker.path) }

    /// An empty entry, whatever an interrupted install left.
    func prepare() throws(DependencyBuildError) {
        discard()
        do {
            try FileManager.default.createDirectory(at: dependencies, withIntermediateDirectories: true)
        } catch {
            throw DependencyBuildError("cannot create \(dependencies.path): \(error.localizedDescription)")
        }
    }

    func markComplete() throws(DependencyBuildError) {
        do {
            try Data("installed \(Date())\n".utf8).write(to: marker, options: .atomic)
        } catch {
            throw DependencyBuildError("cannot write \(marker.path): \(error.localizedDescription)")
        }
    }

    func discard() {
        try? FileManager.default.removeItem(at: directory)
    }
}
