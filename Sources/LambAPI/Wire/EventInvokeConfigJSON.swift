import Foundation
import LambCore

/// The body of PutFunctionEventInvokeConfig and UpdateFunctionEventInvokeConfig.
struct EventInvokeConfigRequestJSON: Decodable {
    struct Target: Decodable { var Destination: String? }
    struct Destinations: Decodable {
        var OnSuccess: Target?
        var OnFailure: Target?
    }

    var MaximumRetryAttempts: Int?
    var MaximumEventAgeInSeconds: Int?
    var DestinationConfig: Destinations?

    /// An `OnSuccess`/`OnFailure` given without a `Destination` (`{}`) clears it; one left out is "not given".
    var patch: EventInvokeConfigPatch {
        EventInvokeConfigPatch(
            maximumRetryAttempts: MaximumRetryAttempts, maximumEventAgeInSeconds: MaximumEventAgeInSeconds,
            hasDestinationConfig: DestinationConfig != nil,
            onSuccess: DestinationConfig?.OnSuccess.map { $0.Destination ?? "" },
            onFailure: DestinationConfig?.OnFailure.map { $0.Destination ?? "" })
    }
}

/// `FunctionEventInvokeConfig` as Lambda answers it: `LastModified` in epoch seconds (a number, unlike a
/// function's), the qualified function ARN, the members that were set, and `DestinationConfig` always, with empty
/// `OnSuccess`/`OnFailure` objects when there is no destination.
struct EventInvokeConfigJSON: Encodable {
    struct Target: Encodable { var Destination: String? }
    struct Destinations: Encodable {
        var OnSuccess: Target
        var OnFailure: Target
    }

    var LastModified: Double
    var FunctionArn: String
    var MaximumRetryAttempts: Int?
    var MaximumEventAgeInSeconds: Int?
    var DestinationConfig: Destinations

    init(_ config: EventInvokeConfig, functionArn: String) {
        LastModified = (config.lastModified.timeIntervalSince1970 * 1000).rounded() / 1000
        FunctionArn = functionArn
        MaximumRetryAttempts = config.maximumRetryAttempts
        MaximumEventAgeInSeconds = config.maximumEventAgeInSeconds
        DestinationConfig = Destinations(
            OnSuccess: Target(Destination: config.onSuccess), OnFailure: Target(Destination: config.onFailure))
    }
}

/// The answer of ListFunctionEventInvokeConfigs.
struct EventInvokeConfigListJSON: Encodable {
    var FunctionEventInvokeConfigs: [EventInvokeConfigJSON]
    var NextMarker: String?
}
