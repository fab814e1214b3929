import LambCore

/// Request members that switch a function into a mode Lamb does not run: Lambda Managed Instances
/// (`CapacityProviderConfig`, `PublishTo`), durable functions (`DurableConfig`) and tenant isolation
/// (`TenancyConfig`). Each changes what an invocation is (where it runs, whether it checkpoints, which environment a
/// tenant gets), so keeping the member while running the function the ordinary way would hide a difference that
/// matters; Lamb refuses it with a message that says so, and changes nothing.
enum UnemulatedFeatures {
    /// The members present in a CreateFunction or UpdateFunctionConfiguration body, with the feature each belongs to.
    static func refuse(capacityProvider: JSONValue?, durable: JSONValue?, tenancy: JSONValue?) throws {
        if capacityProvider != nil {
            throw notEmulated("CapacityProviderConfig", feature: "Lambda Managed Instances (capacity providers)")
        }
        if durable != nil { throw notEmulated("DurableConfig", feature: "durable functions") }
        if tenancy != nil { throw notEmulated("TenancyConfig", feature: "tenant isolation mode") }
    }

    /// `PublishTo` of PublishVersion, CreateFunction and UpdateFunctionCode: checked against the model's enum first,
    /// as Lambda does, then refused (it publishes `$LATEST.PUBLISHED`, a version of Managed Instances functions).
    static func refuse(publishTo: String?) throws {
        guard let publishTo else { return }
        guard publishTo == "LATEST_PUBLISHED" else {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(publishTo)' at 'publishTo' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [LATEST_PUBLISHED]")
        }
        throw notEmulated("PublishTo", feature: "Lambda Managed Instances ($LATEST.PUBLISHED versions)")
    }

    static func notEmulated(_ member: String, feature: String) -> LambError {
        LambError.invalidParameter(
            "Lamb does not emulate \(feature); remove \(member) to run the function on Lamb. "
                + "docs/api-compatibility.md lists what Lamb does not emulate.")
    }
}
