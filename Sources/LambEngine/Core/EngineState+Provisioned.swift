/// Provisioned concurrency in the core: each configuration has a generation; a new Put or a Delete starts a new one,
/// and environments of older generations retire (idle ones at once, busy ones when their invocation ends).
extension EngineState {
    /// A provisioned concurrency configuration was put: returns the tag its environments carry, and the idle
    /// environments of its earlier generations to retire.
    mutating func provisioningBegan(_ key: ProvisionKey) -> (ProvisionTag, retire: Retired) {
        let generation = (provisionGenerations[key] ?? 0) + 1
        provisionGenerations[key] = generation
        return (ProvisionTag(key: key, generation: generation), retireProvisioned(key, keeping: generation))
    }

    /// A provisioned concurrency configuration was removed: its idle environments retire.
    mutating func provisioningRemoved(_ key: ProvisionKey) -> Retired {
        guard provisionGenerations.removeValue(forKey: key) != nil else { return Retired() }
        return retireProvisioned(key, keeping: nil)
    }

    private mutating func retireProvisioned(_ key: ProvisionKey, keeping generation: Int?) -> Retired {
        var retired = Retired()
        for poolKey in pools.keys where poolKey.function == key.function {
            retired.environments += removeIdle(in: poolKey) { env in
                guard let tag = env.provisioning, tag.key == key else { return false }
                return tag.generation != generation
            }
        }
        return retired
    }

    /// A provisioned environment finished its init at `now`: it joins its version's idle pool. `false` (the driver
    /// retires it) when its configuration was replaced or removed meanwhile, or Lamb is stopping.
    mutating func provisionedReady(_ env: Environment, now: Double) -> Bool {
        guard !shuttingDown, isCurrent(env.provisioning) else { return false }
        adoptIdle(env, now: now)
        return true
    }

    /// Whether an environment may go back to its pool: on-demand ones may; provisioned ones while their
    /// configuration's generation is current.
    func isCurrent(_ tag: ProvisionTag?) -> Bool {
        guard let tag else { return true }
        return provisionGenerations[tag.key] == tag.generation
    }
}
