import LambCore

@testable import LambEngine

/// An environment as the core sees it, without a process.
final class FakeEnvironment: PooledEnvironment, CustomStringConvertible {
    let id: String
    let poolKey: PoolKey
    let revisionId: String
    let provisioning: ProvisionTag?

    init(_ id: String, function: String = "f", version: String = "$LATEST", revision: String = "r1",
         provisioning: ProvisionTag? = nil) {
        self.id = id
        self.poolKey = PoolKey(function: function, version: version)
        self.revisionId = revision
        self.provisioning = provisioning
    }

    var description: String { id }
}

/// A parked SnapStart spare, without a process.
struct FakeSpare: Equatable {
    let id: String
}

typealias TestState = EngineState<FakeEnvironment, FakeSpare>

extension EngineState where Environment == FakeEnvironment {
    static func make(
        account: Int = 1000, scaleOut: Int? = 1000, keepAlive: Double = 600, spares: Int = 16
    ) -> Self {
        Self(limits: .init(
            accountConcurrency: account, scaleOut: scaleOut, scaleOutPeriod: 10, keepAlive: keepAlive,
            snapStartSpares: spares))
    }

    /// Requests an invocation of `function`'s `$LATEST` at revision `revision`.
    mutating func request(_ function: String = "f", version: String = "$LATEST", revision: String = "r1", now: Double = 0,
                          usable: (FakeEnvironment) -> Bool = { _ in true },
                          preferred: (FakeEnvironment) -> Bool = { _ in false })
        -> (Acquisition, retire: Retired)
    {
        invocationRequested(
            PoolKey(function: function, version: version), revisionId: revision, now: now, usable: usable,
            preferred: preferred)
    }

    /// Puts `env` into its pool, idle since `now`, as if it had served an invocation that ended then.
    mutating func startAndPool(_ env: FakeEnvironment, now: Double = 0) {
        adoptIdle(env, now: now)
}
}

extension EngineState.Acquisition {
    /// A short name for table comparisons.
    var name: String {
        switch self {
        case .warm(let env): "warm \(env.id)"
        case .start: "start"
        case .throttled(let reason): "throttled \(reason.rawValue)"
        case .shuttingDown: "shutting down"
        }
    }
}
