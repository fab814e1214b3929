import Foundation
import LambCore

/// The Node.js interpreters on this host, each asked for its version once, mapped to the `nodejsNN.x` runtime of
/// their major version (the first one found wins: the user's PATH order, then nvm's versions, then system places).
public struct NodeInstallations: Sendable {
    public struct Installation: Sendable, Equatable {
        public var path: String
        /// As `node --version` prints it: `v20.20.2`.
        public var version: String
    }

    public var byRuntime: [String: Installation]

    public static func discover(locator: InterpreterLocator) -> NodeInstallations {
        var byRuntime: [String: Installation] = [:]
        var asked = Set<String>()
        for path in candidates(locator: locator) where asked.insert(path).inserted {
            guard let version = version(of: path), let runtime = runtimeName(forVersion: version),
                byRuntime[runtime] == nil
            else { continue }
            byRuntime[runtime] = Installation(path: path, version: version)
        }
        return NodeInstallations(byRuntime: byRuntime)
    }

    /// Real paths of every `node`/`nodejs` executable in the candidate directories and nvm's installed versions.
    static func candidates(locator: InterpreterLocator) -> [String] {
        let nvmRoot = ProcessInfo.processInfo.environment["NVM_DIR"] ?? "\(locator.homeDirectory)/.nvm"
        let nvmVersions = (try? FileManager.default.contentsOfDirectory(atPath: "\(nvmRoot)/versions/node")) ?? []
        let nvmDirectories = nvmVersions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { "\(nvmRoot)/versions/node/\($0)/bin" }
        var found: [String] = []
        for dir in locator.candidateDirectories() + nvmDirectories {
            for name in ["node", "nodejs"] {
                let path = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) {
                    found.append(URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
                }
            }
        }
        return found
    }

    /// `nodejs20.x` for `v20.20.2`; `nil` for a major version Lambda has no runtime for.
    public static func runtimeName(forVersion version: String) -> String? {
        let digits = version.drop { $0 == "v" }.prefix { $0.isNumber }
        let name = "nodejs\(digits).x"
        return LambdaRuntimeNames.node.contains(name) ? name : nil
    }

    /// Runs `<path> --version` (a version manager's shim would cost this on every start, so it is done once).
    public static func version(of path: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.hasPrefix("v") ? text : nil
    }
}
