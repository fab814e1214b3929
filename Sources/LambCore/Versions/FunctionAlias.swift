import Foundation

/// A named pointer to a published version (or `$LATEST`), optionally sending a share of invocations to a second
/// version (`RoutingConfig.AdditionalVersionWeights`).
public struct FunctionAlias: Codable, Sendable, Equatable {
    public var name: String
    public var functionVersion: String
    public var description: String
    /// At most one entry: the additional version and the share (0.0–1.0) of invocations it receives.
    public var additionalVersionWeights: [String: Double]
    /// Changes on every update; UpdateAlias and DeleteAlias callers use it for optimistic locking.
    public var revisionId: String

    public init(
        name: String, functionVersion: String, description: String = "",
        additionalVersionWeights: [String: Double] = [:], revisionId: String = UUID().uuidString.lowercased()
    ) {
        self.name = name
        self.functionVersion = functionVersion
        self.description = description
        self.additionalVersionWeights = additionalVersionWeights
        self.revisionId = revisionId
    }

    /// Every version the alias may run.
    public var versions: [String] { [functionVersion] + additionalVersionWeights.keys.sorted() }

    /// The version one invocation runs, given a uniform draw in `0..<1`: the additional version takes the draws
    /// below its weight, the primary version the rest. The draw is injected so that tests can pin it.
    public func routedVersion(draw: Double) -> String {
        var threshold = 0.0
        for (version, weight) in additionalVersionWeights.sorted(by: { $0.key < $1.key }) {
            threshold += weight
            if draw < threshold { return version }
        }
        return functionVersion
    }
}
