/// What the engine core needs to know about an environment to keep it in a pool. The core never runs one: it hands
/// environments back to the driver in its actions. Tests use plain values; the engine uses ``ExecutionEnvironment``.
protocol PooledEnvironment: AnyObject, Sendable {
    var id: String { get }
    var poolKey: PoolKey { get }
    /// The function configuration the environment was initialised with; idle ones of another are not reused.
    var revisionId: String { get }
    /// The provisioned concurrency configuration the environment was initialised for, if any.
    var provisioning: ProvisionTag? { get }
}

/// The environments of one function version share a pool.
struct PoolKey: Hashable, Sendable {
    var function: String
    var version: String
}

/// Identifies a provisioned concurrency configuration: the function and the qualifier it was set on (a version or
/// an alias).
public struct ProvisionKey: Hashable, Sendable {
    public var function: String
    public var qualifier: String

    public init(function: String, qualifier: String) {
        self.function = function
        self.qualifier = qualifier
    }
}

/// Marks an environment initialised for provisioned concurrency: the configuration and its generation (a new Put or
/// a Delete starts a new generation, and the environments of older ones retire).
struct ProvisionTag: Hashable, Sendable {
    var key: ProvisionKey
    var generation: Int
}

/// Environments (and SnapStart spares) the driver must shut down: the core has already forgotten them.
struct Retirement<Environment: PooledEnvironment, Spare: Sendable>: Sendable {
    var environments: [Environment] = []
    var spares: [Spare] = []

    var isEmpty: Bool { environments.isEmpty && spares.isEmpty }

    static func + (a: Self, b: Self) -> Self {
        Retirement(environments: a.environments + b.environments, spares: a.spares + b.spares)
    }

    static func += (a: inout Self, b: Self) { a = a + b }
}
