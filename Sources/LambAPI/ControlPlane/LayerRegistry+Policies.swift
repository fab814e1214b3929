import Foundation
import LambCore
import LambStore

/// A layer version's resource policy (AddLayerVersionPermission, GetLayerVersionPolicy,
/// RemoveLayerVersionPermission): stored in SQLite with the version and deleted with it; returned as Lambda builds it,
/// not enforced (every function of this Lamb may use every layer of it).
extension LayerRegistry {
    /// The policy of a live version (`nil` when it has none), or `ResourceNotFoundException` for a version that does
    /// not exist or was deleted.
    public nonisolated func policy(name: String, version: Int) async throws -> ResourcePolicy? {
        guard self.version(name, version) != nil else { throw missingVersion(name, version) }
        return try await database.layerVersionPolicy(name: name, version: version)
    }

    /// Changes a live version's policy in one transaction (concurrent changes each see the last), or throws
    /// `ResourceNotFoundException` when the version does not exist or was deleted meanwhile.
    public nonisolated func changePolicy(
        name: String, version: Int, _ change: @escaping @Sendable (ResourcePolicy) throws -> ResourcePolicy
    ) async throws -> ResourcePolicy {
        guard let changed = try await database.changeLayerVersionPolicy(name: name, version: version, change) else {
            throw missingVersion(name, version)
        }
        return changed
    }

    /// The ARN a statement of this version's policy names as its `Resource`.
    public nonisolated func versionArn(name: String, version: Int) -> String {
        LayerVersionArn(region: account.region, accountId: account.accountId, layerName: name, version: version)
            .description
    }

    /// Lambda's words for a layer version that is not there.
    private nonisolated func missingVersion(_ name: String, _ version: Int) -> LambError {
        LambError.notFound("Layer version \(versionArn(name: name, version: version)) does not exist.")
    }
}
