/// What a function has beyond `$LATEST`: its published versions, its aliases and its provisioned concurrency
/// configurations. Version numbers are never reused while the function exists, even after a version is deleted.
public struct FunctionVersions: Codable, Sendable, Equatable {
    /// The number of the last version published (0 before the first).
    public var lastVersion: Int = 0
    /// Published versions by number.
    public var versions: [Int: FunctionDefinition] = [:]
    public var aliases: [String: FunctionAlias] = [:]
    /// Provisioned concurrency by qualifier (a version number or an alias name).
    public var provisioned: [String: ProvisionedConcurrencyConfig] = [:]

    public init() {}

    /// The most recently published version that still exists.
    public var latestPublished: FunctionDefinition? {
        versions.max { $0.key < $1.key }?.value
    }

    /// Published versions, oldest first.
    public var orderedVersions: [FunctionDefinition] {
        versions.sorted { $0.key < $1.key }.map(\.value)
    }

    /// The published version `qualifier` names, if it is a version number that exists.
    public func version(_ qualifier: String) -> FunctionDefinition? {
        Int(qualifier).flatMap { versions[$0] }
    }

    /// Aliases that route any share of invocations to `version`.
    public func aliases(using version: String) -> [FunctionAlias] {
        aliases.values.filter { $0.versions.contains(version) }.sorted { $0.name < $1.name }
    }
}
