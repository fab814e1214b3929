import Foundation

/// What the dependency build would do for one code directory and runtime, worked out from the files alone (nothing
/// runs): which manager, and the cache key of the result.
public struct DependencyPlan: Sendable, Equatable {
    public var manager: DependencyManager
    public var codeDirectory: URL
    public var runtime: String
    /// The interpreter pip runs under (pip only).
    public var python: String?
    /// SHA-256, lowercase hex; see ``BuildCacheKey``.
    public var key: String

    /// The files beside the code that npm reads as part of the project, copied into the staging directory.
    static let npmProjectFiles = ["package-lock.json", "npm-shrinkwrap.json", ".npmrc"]

    /// The plan for `codeDirectory`, or `nil` when there is nothing to install: a runtime without a dependency
    /// manager, no manifest, a `requirements.txt` with only comments, a `package.json` without `dependencies`.
    /// Throws when the manifest cannot be read or parsed, and when pip is needed but no interpreter is given.
    public static func make(codeDirectory: URL, runtime: String, python: String?) throws(DependencyBuildError)
        -> DependencyPlan?
    {
        guard let manager = DependencyManager.forRuntime(runtime) else { return nil }
        let code = codeDirectory.standardizedFileURL
        let manifestURL = code.appendingPathComponent(manager.manifestName)
        guard FileManager.default.fileExists(atPath: manifestURL.path) else { return nil }
        let manifest: Data
        do {
            manifest = try Data(contentsOf: manifestURL)
        } catch {
            throw DependencyBuildError("cannot read \(manifestURL.path): \(error.localizedDescription)")
        }
        var key = BuildCacheKey()
        key.add("runtime", runtime)
        key.add("manager", manager.rawValue)
        key.add(manager.manifestName, Array(manifest))
        switch manager {
        case .pip:
            guard PythonRequirements.hasRequirements(String(decoding: manifest, as: UTF8.self)) else { return nil }
            guard let python else {
                throw DependencyBuildError(
                    "\(manifestURL.path) lists packages, but no Python interpreter for \(runtime) was found to run pip")
            }
            key.add("python", python)
            PythonRequirements.addReferences(of: manifestURL, workingDirectory: code, to: &key)
        case .npm:
            let package = try NodePackageManifest(data: manifest, codeDirectory: code)
            guard package.declaresDependencies else { return nil }
            for name in npmProjectFiles {
                if let bytes = try? Data(contentsOf: code.appendingPathComponent(name)) { key.add(name, Array(bytes)) }
            }
            for local in package.localPackages { key.addLocalPackage(local.spec, at: local.url) }
        }
        return DependencyPlan(
            manager: manager, codeDirectory: code, runtime: runtime, python: manager == .pip ? python : nil,
            key: key.hex)
    }
}
