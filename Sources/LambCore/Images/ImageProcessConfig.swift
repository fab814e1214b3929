/// The part of an OCI image configuration (`config` in the image's config blob) that says how to start it.
public struct ImageProcessConfig: Codable, Sendable, Equatable {
    public var entrypoint: [String]?
    public var cmd: [String]?
    /// `KEY=VALUE` strings, in order.
    public var env: [String]?
    public var workingDir: String?

    public init(entrypoint: [String]? = nil, cmd: [String]? = nil, env: [String]? = nil, workingDir: String? = nil) {
        self.entrypoint = entrypoint
        self.cmd = cmd
        self.env = env
        self.workingDir = workingDir
    }

    enum CodingKeys: String, CodingKey {
        case entrypoint = "Entrypoint"
        case cmd = "Cmd"
        case env = "Env"
        case workingDir = "WorkingDir"
    }
}

/// What an image function's runtime process is: the image's ENTRYPOINT + CMD, WORKDIR and ENV after the function's
/// `ImageConfig` has replaced what it overrides.
public struct ImageLaunchPlan: Sendable, Equatable {
    /// The command line: ENTRYPOINT followed by CMD. Empty when the image names nothing to run.
    public var arguments: [String]
    /// The image's ENV as variables (a later duplicate wins, as in Docker).
    public var environment: [String: String]
    public var workingDirectory: String

    /// Docker's `PATH` for images whose configuration sets none.
    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Each `ImageConfig` member that is present and non-empty replaces its own part of the image's configuration
    /// (an empty list or string keeps the image's value, as Lambda's console shows it).
    public init(config: ImageProcessConfig, overrides: ImageSettings?) {
        let entrypoint = Self.nonEmpty(overrides?.entryPoint) ?? config.entrypoint ?? []
        let cmd = Self.nonEmpty(overrides?.command) ?? config.cmd ?? []
        arguments = entrypoint + cmd
        var environment: [String: String] = [:]
        for entry in config.env ?? [] {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            environment[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        if environment["PATH"] == nil { environment["PATH"] = Self.defaultPath }
        self.environment = environment
        let directory = overrides?.workingDirectory.flatMap { $0.isEmpty ? nil : $0 } ?? config.workingDir ?? ""
        workingDirectory = directory.isEmpty ? "/" : directory
    }

    private static func nonEmpty(_ list: [String]?) -> [String]? {
        guard let list, !list.isEmpty else { return nil }
        return list
    }
}
