import Foundation
import LambCore
import LambRuntimeAPI
import LambRuntimes
import LambSandbox
import Logging
import NIOCore

/// Runs invocations on execution environments: picks a warm one or starts a cold one, delivers the event, applies
/// the deadline, writes the platform log lines and keeps the pools.
///
/// The actor only guards the pools; starting environments and waiting for runtimes happen outside its isolation,
/// so concurrent cold starts never queue behind each other.
public actor InvocationEngine {
    let context: EngineContext
    var pools: [PoolKey: EnvironmentPool] = [:]
    var shuttingDown = false
    /// The current generation of each provisioned concurrency configuration; environments of older ones retire.
    var provisionGenerations: [ProvisionKey: Int] = [:]
    /// SnapStart templates of published versions.
    nonisolated let snapStart: SnapStartTemplates
    private var concurrency: ConcurrencyLimiter
    private var scaleOut: [String: TokenBucket] = [:]
    let logger: Logger

    struct PoolKey: Hashable {
        var function: String
        var version: String
    }

    public init(
        configuration: EngineConfiguration, sandbox: any SandboxDriver, runtimes: RuntimeCatalog,
        code: any CodeDirectoryProvider, logs: FunctionLogArchive, eventLoopGroup: any EventLoopGroup, logger: Logger
    ) {
        self.context = EngineContext(
            configuration: configuration, sandbox: sandbox, runtimes: runtimes, code: code, logs: logs,
            eventLoopGroup: eventLoopGroup)
        self.logger = logger
        self.concurrency = ConcurrencyLimiter(accountLimit: configuration.concurrencyLimit)
        self.snapStart = SnapStartTemplates(maximumSpares: configuration.snapStartSpares)
    }

    public nonisolated var logs: FunctionLogArchive { context.logs }

    // MARK: Pool bookkeeping (isolated)

    /// Takes a unit of concurrency and an idle environment if there is one (`nil`: start a new one). Throws
    /// `TooManyRequestsException` when the function or the account is at its limit, or the function may not
    /// start another environment yet.
    private func acquire(_ definition: FunctionDefinition) throws(LambError) -> ExecutionEnvironment? {
        if shuttingDown { throw LambError.service("Lamb is shutting down.") }
        if let reason = concurrency.acquire(definition.name) { throw Self.throttled(reason) }
        let key = PoolKey(function: definition.name, version: definition.version)
        let (env, stale) = pools[key, default: EnvironmentPool()].takeIdle(revisionId: definition.revisionId)
        retire(stale)
        if env == nil && !takeScaleOutToken(definition.name) {
            concurrency.release(definition.name)
            throw Self.throttled(.functionInvocationRateLimitExceeded)
        }
        return env
    }

    private func takeScaleOutToken(_ function: String) -> Bool {
        guard let limit = context.configuration.scaleOutLimit else { return true }
        let now = EngineClock.now()
        var bucket = scaleOut[function] ?? TokenBucket(capacity: limit, per: context.configuration.scaleOutPeriod.seconds, now: now)
        defer { scaleOut[function] = bucket }
        return bucket.take(now: now)
    }

    private func finished(_ function: String) {
        concurrency.release(function)
    }

    static func throttled(_ reason: ThrottleReason) -> LambError {
        LambError(.tooManyRequests(reason: reason, retryAfterSeconds: 1), "Rate Exceeded.")
    }

    // MARK: Concurrency settings

    /// Sets (or with `nil` removes) a function's reserved concurrency; refuses values that leave fewer than 100
    /// unreserved.
    public func setReservedConcurrency(_ function: String, _ value: Int?) throws(LambError) {
        try concurrency.setReserved(function, value)
    }

    public func reservedConcurrency(_ function: String) -> Int? { concurrency.reserved[function] }

    /// `UnreservedConcurrentExecutions` of GetAccountSettings.
    public func unreservedConcurrency() -> Int { concurrency.unreservedLimit }

    public nonisolated var concurrencyLimit: Int { context.configuration.concurrencyLimit }

    func adopt(_ env: ExecutionEnvironment) -> Bool {
        if shuttingDown { return false }
        pools[PoolKey(function: env.definition.name, version: env.definition.version), default: EnvironmentPool()]
            .markBusy(env)
        return true
    }

    private func release(_ env: ExecutionEnvironment) {
        let key = PoolKey(function: env.definition.name, version: env.definition.version)
        guard pools[key]?.busy[env.id] != nil else { return }
        if shuttingDown || !isCurrent(env.provisioning) {
            pools[key]?.remove(env)
            retire([env])
        } else {
            pools[key]?.release(env)
            env.freezer.enteredPool()
        }
    }

    /// The end of an invocation in one hop onto the actor: the environment goes back to its pool (or out of it, when
    /// it was lost), and the invocation's unit of concurrency is given back.
    private func settle(_ env: ExecutionEnvironment, lost: Bool) {
        if lost { discard(env) } else { release(env) }
        if lost { replaceProvisioned(env) }
        concurrency.release(env.definition.name)
    }

    func discard(_ env: ExecutionEnvironment) {
        pools[PoolKey(function: env.definition.name, version: env.definition.version)]?.remove(env)
    }

    func retire(_ envs: [ExecutionEnvironment]) {
        guard !envs.isEmpty else { return }
        let grace = context.configuration.shutdownGrace
        for env in envs {
            Task.detached { await env.shutDown(grace: grace) }
        }
    }

    /// Shuts down the idle environments of a function whose code or configuration changed (`$LATEST`'s only:
    /// published versions never change), or that was deleted. Busy ones finish their invocation and are not reused.
    public func functionChanged(_ name: String, deleted: Bool = false) {
        if deleted {
            provisionGenerations = provisionGenerations.filter { $0.key.function != name }
            retire(snapStart.remove { $0.function == name })
        }
        for key in pools.keys where key.function == name && (deleted || key.version == FunctionDefinition.latest) {
            let stale = pools[key]!.removeIdle { _ in true }
            retire(stale)
            if deleted && pools[key]!.busy.isEmpty { pools[key] = nil }
        }
    }

    /// Shuts down environments idle for longer than the keep-alive window.
    public func reapIdle() {
        let keepAlive = context.configuration.keepAlive.seconds
        for key in pools.keys {
            // Provisioned environments are never reaped.
            let expired = pools[key]!.removeIdle { $0.provisioning == nil && $0.idleSeconds >= keepAlive }
            retire(expired)
        }
        // Spares beyond what recent restores needed go too (SnapStartTemplates.idleSpareWindow).
        discard(spares: snapStart.trimIdleSpares(now: .now))
    }

    /// Every environment (of one function, if given), oldest first.
    public func environments(function: String? = nil) -> [EnvironmentSummary] {
        pools.filter { function == nil || $0.key.function == function }
            .flatMap { $0.value.idle + Array($0.value.busy.values) }
            .map(\.summary)
            .sorted { $0.ageSeconds > $1.ageSeconds }
    }

    /// Number of environments per function, for tools and tests.
    public func environmentCounts() -> [String: (idle: Int, busy: Int)] {
        var counts: [String: (idle: Int, busy: Int)] = [:]
        for (key, pool) in pools {
            let c = counts[key.function] ?? (0, 0)
            counts[key.function] = (c.idle + pool.idle.count, c.busy + pool.busy.count)
        }
        return counts
    }

    /// Stops every environment: SIGTERM, the grace period, SIGKILL. Invocations in flight end with an error.
    public func shutdown() async {
        shuttingDown = true
        var all: [ExecutionEnvironment] = []
        for key in pools.keys { all += pools[key]!.removeAll() }
        pools.removeAll()
        all += snapStart.remove { _ in true }
        let grace = context.configuration.shutdownGrace
        await withTaskGroup(of: Void.self) { group in
            for env in all { group.addTask { await env.shutDown(grace: grace) } }
        }
        context.logs.close()
    }

    /// Runs the keep-alive reaper until cancelled.
    public func runReaper(every interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            reapIdle()
            _ = reclaimUnderMemoryPressure(policy: context.configuration.memoryPressure)
        }
    }

    // MARK: Invocation

    /// Invokes `definition` synchronously. Throws only when Lamb refuses the invocation; a function's own failure
    /// is a response with `functionError` set.
    public nonisolated func invoke(_ definition: FunctionDefinition, _ request: InvocationRequest) async throws(LambError)
        -> InvocationResponse
    {
        let response: InvocationResponse
        do {
            if let env = try await acquire(definition) {
                // Lines are only kept for a caller that asked for the log tail.
                if request.wantsLogTail { env.log.beginCapture() }
                response = await run(request, on: env, coldStart: nil)
            } else {
                response = try await coldStart(definition, request)
            }
        } catch let error where error.isThrottle {
            throw error
        } catch {
            // Failures before an environment was adopted; after that, `settle` gives the concurrency back.
            await finished(definition.name)
            throw error
        }
        return response
    }

    private nonisolated func coldStart(_ definition: FunctionDefinition, _ request: InvocationRequest) async throws(LambError)
        -> InvocationResponse
    {
        if Self.usesSnapStart(definition) { return try await restoreStart(definition, request) }
        let env: ExecutionEnvironment
        do {
            env = try await ExecutionEnvironment.launch(
                definition: definition, context: context, captureInit: request.wantsLogTail, logger: logger)
        } catch let error as LambError {
            throw error
        } catch {
            throw LambError.service("Lamb could not start an execution environment: \(error)")
        }
        guard await adopt(env) else {
            await env.kill()
            throw LambError.service("Lamb is shutting down.")
        }
        let outcome = await env.awaitInit(timeout: context.configuration.initTimeout)
        let initMs = env.launchedAt.duration(to: .now).milliseconds
        switch outcome {
        case .ready:
            return await run(request, on: env, coldStart: initMs)
        case .initError(let body, let header):
            env.drainOutput()
            let type = ErrorJSON.errorType(in: body) ?? header ?? "Runtime.Unknown"
            return await failInit(env, request, initMs: initMs, status: .error(type: type), payload: body, errorType: type)
        case .failed(let failure):
            env.drainOutput()
            let (type, json) = Self.initFailurePayload(failure, request: request, timeout: context.configuration.initTimeout)
            let status: InvocationReport.Status = failure == .timedOut ? .timeout : .error(type: type)
            return await failInit(
                env, request, initMs: initMs, status: status, payload: ByteBuffer(string: json), errorType: type)
        }
    }

    private static func initFailurePayload(_ failure: RuntimeFailure, request: InvocationRequest, timeout: Duration)
        -> (type: String, json: String)
    {
        switch failure {
        case .exited(let exit): FunctionErrorPayload.exited(requestId: request.requestId, exit: exit)
        case .timedOut: FunctionErrorPayload.timeout(requestId: request.requestId, timeoutSeconds: timeout.seconds)
        case .shutDown: FunctionErrorPayload.json(type: "Runtime.ExitError", message: "RequestId: \(request.requestId) Error: Runtime was shut down")
        }
    }

    /// Init failed: the invocation fails with the init error and the environment is torn down; the next invocation
    /// starts a fresh one.
    private nonisolated func failInit(
        _ env: ExecutionEnvironment, _ request: InvocationRequest, initMs: Double, status: InvocationReport.Status,
        payload: ByteBuffer, errorType: String
    ) async -> InvocationResponse {
        env.log.platform(PlatformLog.initReport(durationMs: initMs, phase: "init", status: status))
        let report = InvocationReport(
            requestId: request.requestId, durationMs: 0, memorySizeMB: env.definition.settings.memorySize,
            maxMemoryUsedMB: env.maxMemoryUsedMB, initDurationMs: initMs, status: status)
        env.log.platform(
            PlatformLog.start(requestId: request.requestId, version: env.definition.version),
            PlatformLog.end(requestId: request.requestId), PlatformLog.report(report))
        let tail = env.log.endCapture()
        await settle(env, lost: true)
        await env.kill()
        return InvocationResponse(
            requestId: request.requestId, executedVersion: env.definition.version, payload: payload,
            contentType: "application/json", functionError: LambdaAPIWire.unhandled, errorType: errorType,
            logTail: request.wantsLogTail ? tail : nil, report: report, coldStart: true)
    }

    nonisolated func run(
        _ request: InvocationRequest, on env: ExecutionEnvironment, coldStart initMs: Double?, restoreMs: Double? = nil
    ) async -> InvocationResponse {
        let settings = env.definition.settings
        let start = ContinuousClock.now
        let timeout = Duration.seconds(settings.timeout)
        let deadlineMs = Int64(Date().timeIntervalSince1970 * 1000) + Int64(settings.timeout) * 1000
        env.log.platform(PlatformLog.start(requestId: request.requestId, version: env.definition.version))
        let event = InvocationEvent(
            requestId: request.requestId, invocationId: Identifiers.requestId(), deadlineMs: deadlineMs,
            invokedFunctionArn: request.invokedFunctionArn, traceId: request.traceId,
            clientContext: request.clientContext, tenantId: request.tenantId, payload: request.payload)
        let outcome = await env.invoke(event, deadline: start.advanced(by: timeout))
        let elapsedMs = start.duration(to: .now).milliseconds
        env.drainOutput()

        let result = InvocationResult.from(outcome, request: request, timeoutSeconds: Double(settings.timeout))
        if case .timeout = result.status {
            env.log.platform("\(LambdaTimestamp.iso8601(Date())) \(request.requestId) Task timed out after \(String(format: "%.2f", Double(settings.timeout))) seconds")
        } else if let crash = result.crashLine {
            env.log.platform(crash, result.errorType ?? "Runtime.ExitError")
        }
        // On a timeout Lambda reports exactly the configured timeout as the duration.
        let durationMs = result.status == .timeout ? Double(settings.timeout) * 1000 : elapsedMs
        let report = InvocationReport(
            requestId: request.requestId, durationMs: durationMs, memorySizeMB: settings.memorySize,
            maxMemoryUsedMB: env.maxMemoryUsedMB, initDurationMs: initMs, restoreDurationMs: restoreMs,
            status: result.status)
        env.log.platform(PlatformLog.end(requestId: request.requestId), PlatformLog.report(report))
        let tail = env.log.endCapture()

        await settle(env, lost: result.environmentLost)
        if result.environmentLost { await env.kill() }
        return InvocationResponse(
            requestId: request.requestId, executedVersion: env.definition.version, payload: result.payload,
            contentType: result.contentType, functionError: result.functionError, errorType: result.errorType,
            logTail: request.wantsLogTail ? tail : nil, report: report, coldStart: initMs != nil || restoreMs != nil)
    }
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
