import Foundation

/// A function's `package.json` as the dependency build needs it: whether it declares `dependencies`, which of its
/// specs point at local packages, and a copy with those made absolute.
///
/// npm reads `file:` specs relative to the project root. The build runs npm in a staging directory of the cache (not
/// in the user's code directory: it must not write `node_modules` or a lock file there), so relative specs are
/// rewritten to absolute paths first — what `sam build` does too (aws-lambda-builders' rewrite of local
/// dependencies). Running npm with `--prefix` on the code directory instead would resolve the paths, but npm then
/// installs into, and writes its lock file to, the user's directory.
struct NodePackageManifest {
    /// The sections whose specs may name local packages. Dev dependencies are rewritten too: `--omit=dev` still
    /// resolves them, and an unresolvable relative path would fail the install.
    static let dependencySections = [
        "dependencies", "optionalDependencies", "devDependencies", "peerDependencies",
    ]

    private let object: [String: Any]
    let codeDirectory: URL

    init(data: Data, codeDirectory: URL) throws(DependencyBuildError) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DependencyBuildError(
                "\(codeDirectory.appendingPathComponent("package.json").path) is not a JSON object")
        }
        self.object = object
        self.codeDirectory = codeDirectory
    }

    /// Whether there is anything to install (`dependencies` or `optionalDependencies` not empty).
    var declaresDependencies: Bool {
        ["dependencies", "optionalDependencies"].contains { ((object[$0] as? [String: Any]) ?? [:]).isEmpty == false }
    }

    /// The local packages the specs name: spec text and absolute location, in a stable order.
    var localPackages: [(spec: String, url: URL)] {
        var found: [(String, URL)] = []
        for section in Self.dependencySections {
            guard let specs = object[section] as? [String: Any] else { continue }
            for name in specs.keys.sorted() {
                guard let spec = specs[name] as? String, let url = localURL(spec) else { continue }
                found.append((spec, url))
            }
        }
        return found
    }

    /// The manifest with every local spec absolute (`file:/abs/path`), for the staging directory.
    func rewrittenForStaging() throws(DependencyBuildError) -> Data {
        var copy = object
        for section in Self.dependencySections {
            guard var specs = copy[section] as? [String: Any] else { continue }
            for (name, value) in specs {
                if let spec = value as? String, let url = localURL(spec) { specs[name] = "file:" + url.path }
            }
            copy[section] = specs
        }
        return try Self.serialize(copy)
    }

    /// A lock file (`package-lock.json`, `npm-shrinkwrap.json`) with its relative `file:` values made absolute; npm
    /// re-resolves whatever else no longer matches, as `npm install` (not `npm ci`) does.
    static func rewriteLockFile(_ data: Data, codeDirectory: URL) -> Data? {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return nil }
        func rewrite(_ value: Any) -> Any {
            if let string = value as? String, string.hasPrefix("file:"), !string.hasPrefix("file:/") {
                let path = String(string.dropFirst("file:".count))
                return "file:" + URL(fileURLWithPath: path, relativeTo: codeDirectory).standardizedFileURL.path
            }
            if let dictionary = value as? [String: Any] { return dictionary.mapValues(rewrite) }
            if let array = value as? [Any] { return array.map(rewrite) }
            return value
        }
        return try? serialize(rewrite(object))
    }

    /// `file:x`, `./x`, `../x`, `/x` (npm's local path specs); `nil` for registry, git and URL specs. Paths are
    /// relative to the code directory.
    private func localURL(_ spec: String) -> URL? {
        var path: String
        if spec.hasPrefix("file:") {
            path = String(spec.dropFirst("file:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
        } else if spec.hasPrefix("./") || spec.hasPrefix("../") || spec.hasPrefix("/") {
            path = spec
        } else {
            return nil
        }
        return URL(fileURLWithPath: path, relativeTo: codeDirectory).standardizedFileURL
    }

    private static func serialize(_ object: Any) throws(DependencyBuildError) -> Data {
        do {
            return try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw DependencyBuildError("cannot write the staging package.json: \(error)")
        }
    }
}
