import Foundation
import LambCore
import LambEngine

/// PublishVersion's body.
struct PublishVersionJSON: Decodable {
    var CodeSha256: String?
    var Description: String?
    var RevisionId: String?
    var PublishTo: String?
}

/// `RoutingConfig` of an alias.
struct AliasRoutingJSON: Codable {
    var AdditionalVersionWeights: [String: Double]?
}

/// CreateAlias and UpdateAlias bodies.
struct AliasRequestJSON: Decodable {
    var Name: String?
    var FunctionVersion: String?
    var Description: String?
    var RoutingConfig: AliasRoutingJSON?
    var RevisionId: String?

    var change: AliasChange {
        AliasChange(
            functionVersion: FunctionVersion, description: Description,
            // An empty RoutingConfig (or one without weights) clears the routing.
            additionalVersionWeights: RoutingConfig.map { $0.AdditionalVersionWeights ?? [:] },
            revisionId: RevisionId)
    }
}

/// `AliasConfiguration` as Lambda returns it.
struct AliasConfigurationJSON: Encodable {
    var AliasArn: String
    var Name: String
    var FunctionVersion: String
    var Description: String
    var RoutingConfig: AliasRoutingJSON?
    var RevisionId: String

    init(_ alias: FunctionAlias, function: String, account: AccountContext) {
        AliasArn = account.functionArn(function, qualifier: alias.name)
        Name = alias.name
        FunctionVersion = alias.functionVersion
        Description = alias.description
        RoutingConfig =
            alias.additionalVersionWeights.isEmpty
            ? nil : AliasRoutingJSON(AdditionalVersionWeights: alias.additionalVersionWeights)
        RevisionId = alias.revisionId
    }
}

/// PutProvisionedConcurrencyConfig's body.
struct ProvisionedConcurrencyRequestJSON: Decodable {
    var ProvisionedConcurrentExecutions: Int?
}

/// A provisioned concurrency configuration as Get returns it (List items add `FunctionArn`).
struct ProvisionedConcurrencyJSON: Encodable {
    var FunctionArn: String?
    var RequestedProvisionedConcurrentExecutions: Int
    var AvailableProvisionedConcurrentExecutions: Int
    var AllocatedProvisionedConcurrentExecutions: Int
    var Status: String
    var StatusReason: String?
    var LastModified: String

    init(_ config: ProvisionedConcurrencyConfig, functionArn: String? = nil) {
        FunctionArn = functionArn
        RequestedProvisionedConcurrentExecutions = config.requested
        AvailableProvisionedConcurrentExecutions = config.available
        AllocatedProvisionedConcurrentExecutions = config.allocated
        Status = config.status.rawValue
        StatusReason = config.statusReason
        LastModified = LambdaTimestamp.lastModified(config.lastModified)
    }
}

extension FunctionConfigurationJSON {
    /// A SnapStart version's state follows its snapshot: `Pending` while the template initialises, then `Active`
    /// or `Failed` with the reason.
    mutating func showSnapshot(_ state: SnapStartState) {
        SnapStart.OptimizationStatus = "On"
        LastUpdateStatus = "Successful"
        LastUpdateStatusReason = nil
        LastUpdateStatusReasonCode = nil
        switch state {
        case .pending:
            State = "Pending"
            StateReason = "The function is being created."
            StateReasonCode = "Creating"
        case .active:
            State = "Active"
            StateReason = nil
            StateReasonCode = nil
        case .failed(let code, let reason):
            State = "Failed"
            StateReason = reason
            StateReasonCode = code
        }
    }
}
