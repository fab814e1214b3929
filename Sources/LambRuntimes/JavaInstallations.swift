import Foundation
import LambCore

/// The Java installations on this host, mapped to the `javaNN` runtime of their major version. Each is known by its
/// `release` file (`JAVA_VERSION="17.0.15"`), so no JVM is started to find them. Looked for, best first: the
/// `JAVA_HOME` variable, the `java` on PATH, then every installation under `/usr/lib/jvm` (newest first); the first
/// one of a major version wins.
public struct JavaInstallations: Sendable {
    public struct Installation: Sendable, Equatable {
        /// The installation's home (`/usr/lib/jvm/java-17-openjdk-amd64`), symlinks resolved.
        public var home: String
        /// As the `release` file gives it: `17.0.15`.
        public var version: String

        public var java: String { "\(home)/bin/java" }
        /// The installation's compiler, when it is a JDK.
        public var javac: String? {
            FileManager.default.isExecutableFile(atPath: "\(home)/bin/javac") ? "\(home)/bin/javac" : nil
        }
    }

    public var byRuntime: [String: Installation]

    public static let systemDirectory = "/usr/lib/jvm"

    public static func discover(
        locator: InterpreterLocator, javaHome: String? = ProcessInfo.processInfo.environment["JAVA_HOME"],
        systemDirectory: String = JavaInstallations.systemDirectory
    ) -> JavaInstallations {
        var homes: [String] = []
        if let javaHome, !javaHome.isEmpty { homes.append(javaHome) }
        if let java = locator.find("java") { homes.append(home(ofExecutable: java)) }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: systemDirectory)) ?? []
        homes += entries.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { "\(systemDirectory)/\($0)" }
        return discover(homes: homes)
    }

    /// The installations among `homes` (best first), the first of each major version kept.
    static func discover(homes: [String]) -> JavaInstallations {
        var byRuntime: [String: Installation] = [:]
        var seen = Set<String>()
        for candidate in homes {
            let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
            guard seen.insert(resolved).inserted, let installation = installation(at: resolved),
                let runtime = runtimeName(forVersion: installation.version), byRuntime[runtime] == nil
            else { continue }
            byRuntime[runtime] = installation
        }
        return JavaInstallations(byRuntime: byRuntime)
    }

    /// The installation at `path`: a home directory, or a `java` executable in one (`--interpreter java21=PATH`).
    public static func installation(at path: String) -> Installation? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        let home =
            isDirectory.boolValue ? URL(fileURLWithPath: path).resolvingSymlinksInPath().path : home(ofExecutable: path)
        guard FileManager.default.isExecutableFile(atPath: "\(home)/bin/java"),
            let text = try? String(contentsOfFile: "\(home)/release", encoding: .utf8),
            let version = releaseVersion(text)
        else { return nil }
        return Installation(home: home, version: version)
    }

    /// `<home>` of `<home>/bin/java`, through the symlinks (`/usr/bin/java` → `/etc/alternatives/java` → ...).
    public static func home(of java: String) -> String { home(ofExecutable: java) }

    static func home(ofExecutable path: String) -> String {
        RuntimeCatalog.prefix(of: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
    }

    /// The `JAVA_VERSION` of a `release` file's text (`JAVA_VERSION="17.0.15"` → `17.0.15`).
    public static func releaseVersion(_ text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("JAVA_VERSION=") {
            let value = line.dropFirst("JAVA_VERSION=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// `java17` for `17.0.15` (or `17`); `nil` for a major version Lambda has no runtime of Lamb's for (`1.8.0_392`,
    /// `11.0.2`, `22`).
    public static func runtimeName(forVersion version: String) -> String? {
        let major = version.prefix { $0.isNumber }
        let name = "java\(major)"
        return LambdaRuntimeNames.java.contains(name) ? name : nil
    }

    /// Directories outside `home` that the installation's files link to and the JVM reads at start: Debian's JDKs
    /// keep `jvm.cfg` and the security configuration in `/etc/java-17-openjdk`, their CA certificates in
    /// `/etc/ssl/certs/java`. A sandbox that hides the host must show these as well.
    static func linkedConfigurationDirectories(home: String) -> [String] {
        let files = [
            "lib/jvm.cfg", "conf/security/java.security", "lib/security/cacerts", "lib/security/default.policy",
        ]
        var directories: [String] = []
        for file in files {
            let path = "\(home)/\(file)"
            guard (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil else { continue }
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent().path
            if target != home, !target.hasPrefix(home + "/"), !directories.contains(where: { target.hasPrefix($0) }) {
                directories.append(target)
            }
        }
        return directories
    }
}
