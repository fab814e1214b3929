import Foundation
import LambCore
import LambRuntimeAPI
import LambRuntimes
import LambSandbox
import Logging
import NIOCore
import Synchronization

/// The engine's core, with the environments and spares the engine runs.
typealias LiveEngineState = EngineState<ExecutionEnvironment, SnapStartSpare>

/// Runs invocations on execution environments: the driver of ``EngineState``. The core decides (a warm environment
/// or a start, throttles, what retires); this class carries its decisions out: starts environments, delivers
/// events, applies deadlines, writes the platform log lines and stops what retires.
///
/// The core sits under one lock that is only held for its pure bookkeeping, so a warm invocation takes and returns
/// its environment on the caller's own thread (no hop onto an actor), and concurrent cold starts never queue behind
/// each other.
public final class InvocationEngine: Sendable {
    let context: EngineContext
    let core: Mutex<LiveEngineState>
    let logger: Logger
    /// Where stopping environments, replacing provisioned ones and forking spares run (see ``run(reapEvery:)``).
    let background = BackgroundWork()

    public init(
        configuration: EngineConfiguration, sandbox: any SandboxDriver, runtimes: RuntimeCatalog,
        code: any CodeDirectoryProvider, logs: FunctionLogArchive, eventLoopGroup: any EventLoopGroup, logger: Logger,
        output: OutputPump = .shared, exits: ProcessExitWatcher = .shared
    ) {
        self.context = EngineContext(
            configuration: configuration, sandbox: sandbox, runtimes: runtimes, code: code, logs: logs,
            eventLoopGroup: eventLoopGroup, output: output, exits: exits, clock: EngineClock())
        self.logger = logger
        self.core = Mutex(
            EngineState(
                limits: .init(
                    accountConcurrency: configuration.concurrencyLimit, scaleOut: configuration.scaleOutLimit,
                    scaleOutPeriod: configuration.scaleOutPeriod.seconds, keepAlive: configuration.keepAlive.seconds,
                    snapStartSpares: configuration.snapStartSpares)))
    }

    public var logs: FunctionLogArchive { context.logs }

    static func throttled(_ reason: ThrottleReason) -> LambError {
        LambError(.tooManyRequests(reason: reason, retryAfterSeconds: 1), "Rate Exceeded.")
    }

    static let shuttingDownError = LambError.service("Lamb is shutting down.")

    // MARK: Concurrency settings

    /// Sets (or with `nil` removes) a function's reserved concurrency; refuses values that leave fewer than 100
    /// unreserved.
    public func setReservedConcurrency(_ function: String, _ value: Int?) throws(LambError) {
        try core.withLock { (state) throws(LambError) in try state.setReserved(function, value) }
    }

    public func reservedConcurrency(_ function: String) -> Int? { core.withLock { $0.concurrency.reserved[function] } }

    /// `UnreservedConcurrentExecutions` of GetAccountSettings.
    public func unreservedConcurrency() -> Int { core.withLock { $0.concurrency.unreservedLimit } }

    public var concurrencyLimit: Int { context.configuration.concurrencyLimit }
    /// `--efs-map`: the EFS access points local directories stand for.
    public var fileSystems: [String: String] { context.configuration.fileSystems }

    // MARK: Functions changing

    /// Shuts down the idle environments of a function whose code or configuration changed (`$LATEST`'s only:
    /// published versions never change), or that was deleted. Busy ones finish their invocation and are not reused.
    public func functionChanged(_ name: String, deleted: Bool = false) {
        retire(core.withLock { $0.functionChanged(name, deleted: deleted) })
    }

    /// A published version was deleted: its environments retire (busy ones when they finish).
    public func versionDeleted(_ function: String, version: String) {
        retire(core.withLock { $0.versionDeleted(PoolKey(function: function, version: version)) })
    }

    // MARK: Retiring

    /// Stops environments the core let go: SIGTERM, the grace period, SIGKILL; spares at once (they hold nothing
    /// worth a graceful shutdown).
    func retire(_ retired: LiveEngineState.Retired) {
        guard !retired.isEmpty else { return }
        let grace = context.configuration.shutdownGrace
        for env in retired.environments {
            background.spawn { await env.shutDown(grace: grace) }
        }
        for spare in retired.spares {
            background.spawn { await spare.discard() }
        }
    }

    // MARK: Background

    /// Shuts down environments idle for longer than the keep-alive window, and spares beyond recent needs.
    public func reapIdle() {
        retire(core.withLock { $0.reapTick(now: context.clock.now()) })
    }

    /// Runs the engine's background work until ``shutdown()``: the keep-alive reaper and memory-pressure check every
    /// `interval`, and the jobs the engine's decisions start (``BackgroundWork``). Lamb's engine service runs it;
    /// without it, retired environments are never stopped.
    public func run(reapEvery interval: Duration = .seconds(1)) async {
        await withDiscardingTaskGroup { group in
            group.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    reapIdle()
                    reclaimUnderMemoryPressure(policy: context.configuration.memoryPressure)
                }
            }
            await background.run()
            group.cancelAll()
        }
    }

    /// Stops every environment: SIGTERM, the grace period, SIGKILL. Invocations in flight end with an error.
    public func shutdown() async {
        let retired = core.withLock { $0.shutdown() }
        let grace = context.configuration.shutdownGrace
        await withTaskGroup(of: Void.self) { group in
            for env in retired.environments { group.addTask { await env.shutDown(grace: grace) } }
            for spare in retired.spares { group.addTask { await spare.discard() } }
        }
        background.finish()
        context.logs.close()
    }

    // MARK: Listings

    /// Every environment (of one function, if given), oldest first.
    public func environments(function: String? = nil) -> [EnvironmentSummary] {
        let now = context.clock.now()
        let listed = core.withLock { state in
            state.environments(function: function).map { ($0, state.idleSince($0)) }
        }
        return listed.map { $0.summary(idleSince: $1, now: now) }.sorted { $0.ageSeconds > $1.ageSeconds }
    }

    /// Number of environments per function, for tools and tests.
    public func environmentCounts() -> [String: (idle: Int, busy: Int)] {
        core.withLock { state in
            var counts: [String: (idle: Int, busy: Int)] = [:]
            for (key, pool) in state.pools {
                let c = counts[key.function] ?? (0, 0)
                counts[key.function] = (c.idle + pool.idle.count, c.busy + pool.busy.count)
            }
            return counts
        }
    }
}

extension ExecutionEnvironment: PooledEnvironment {
    var poolKey: PoolKey { PoolKey(function: definition.name, version: definition.version) }
    var revisionId: String { definition.revisionId }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    var seconds: Double { milliseconds / 1000 }

    /// Whole nanoseconds (never negative), for NIO's and Dispatch's timers.
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension InvocationEngine {
    /// The sandbox driver's name and what it does not guarantee on this host, with the reasons (`lamb envs`).
    public var sandboxReport: (driver: String, off: [String: String]) {
        let guarantees = context.sandbox.guarantees
        var off: [String: String] = [:]
        for name in guarantees.off { off[name] = guarantees.reasons[name] ?? "not offered by this driver" }
        return (context.sandbox.name, off)
    }
}
