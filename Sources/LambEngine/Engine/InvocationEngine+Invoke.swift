import Foundation
import LambCore
import LambRuntimeAPI
import NIOCore
import Synchronization

extension InvocationEngine {
    /// Invokes `definition` synchronously. Throws only when Lamb refuses the invocation; a function's own failure
    /// is a response with `functionError` set.
    public func invoke(_ definition: FunctionDefinition, _ request: InvocationRequest) async throws(LambError)
        -> InvocationResponse
    {
        let key = PoolKey(function: definition.name, version: definition.version)
        let (acquisition, stale) = core.withLock {
            $0.invocationRequested(
                key, revisionId: definition.revisionId, now: context.clock.now(),
                usable: { $0.mailbox.failure == nil }, preferred: { $0.eventLoop.inEventLoop })
        }
        retire(stale)
        switch acquisition {
        case .warm(let env):
            // Lines are only kept for a caller that asked for the log tail.
            if request.wantsLogTail { env.log.beginCapture() }
            return await run(request, on: env, coldStart: nil)
        case .start:
            do {
                return try await coldStart(definition, request)
            } catch {
                // A start that failed before its environment was adopted; after that, `settle` gives the unit back.
                core.withLock { $0.abandonStart(of: definition.name) }
                throw error
            }
        case .throttled(let reason):
            recordThrottled(definition, request, reason: reason.rawValue)
            throw Self.throttled(reason)
        case .shuttingDown:
            throw Self.shuttingDownError
        }
    }

    private func coldStart(_ definition: FunctionDefinition, _ request: InvocationRequest) async throws(LambError)
        -> InvocationResponse
    {
        if Self.usesSnapStart(definition) { return try await restoreStart(definition, request) }
        let started = try await start(definition, as: .onDemand(captureInit: request.wantsLogTail))
        guard let failure = started.failure else {
            return await run(request, on: started.environment, coldStart: started.durationMs)
        }
        return await failInit(started.environment, request, initMs: started.durationMs, failure)
    }

    /// Init failed: the invocation fails with the init error and the environment is torn down; the next invocation
    /// starts a fresh one.
    private func failInit(
        _ env: ExecutionEnvironment, _ request: InvocationRequest, initMs: Double, _ failure: InitFailure
    ) async -> InvocationResponse {
        let (errorType, payload) = failure.payload(
            requestId: request.requestId, timeout: context.configuration.initTimeout)
        env.log.platform(PlatformLog.initReport(durationMs: initMs, phase: "init", status: failure.status))
        let report = InvocationReport(
            requestId: request.requestId, durationMs: 0, memorySizeMB: env.definition.settings.memorySize,
            maxMemoryUsedMB: env.reportedMaxMemoryUsedMB, initDurationMs: initMs, status: failure.status)
        env.log.platform(
            PlatformLog.start(requestId: request.requestId, version: env.definition.version),
            PlatformLog.end(requestId: request.requestId), PlatformLog.report(report))
        let tail = env.log.endCapture()
        settle(env, lost: true)
        recordEnded(
            request, on: env, report, errorType: errorType, resultBytes: payload.readableBytes,
            startedAt: Date(timeIntervalSinceNow: -initMs / 1000))
        await env.kill()
        return InvocationResponse(
            requestId: request.requestId, executedVersion: env.definition.version, payload: payload,
            contentType: "application/json", functionError: LambdaAPIWire.unhandled, errorType: errorType,
            logTail: request.wantsLogTail ? tail : nil, report: report, coldStart: true)
    }

    /// The end of an invocation: the environment goes back to its pool (or out of it, when it was lost), and the
    /// invocation's unit of concurrency is given back.
    func settle(_ env: ExecutionEnvironment, lost: Bool) {
        let ended = core.withLock { $0.invocationEnded(on: env, lost: lost, now: context.clock.now()) }
        if ended.pooled { env.mailbox.enteredPool() }
        retire(ended.retire)
        if let tag = ended.replaceProvisioned { replaceProvisioned(env.definition, tag: tag) }
    }

    func run(
        _ request: InvocationRequest, on env: ExecutionEnvironment, coldStart initMs: Double?, restoreMs: Double? = nil
    ) async -> InvocationResponse {
        let settings = env.definition.settings
        let startedAt = Date()
        let start = ContinuousClock.now
        let timeout = Duration.seconds(settings.timeout)
        let deadlineMs = Int64(Date().timeIntervalSince1970 * 1000) + Int64(settings.timeout) * 1000
        env.log.platform(PlatformLog.start(requestId: request.requestId, version: env.definition.version))
        let event = InvocationEvent(
            requestId: request.requestId, invocationId: Identifiers.requestId(), deadlineMs: deadlineMs,
            invokedFunctionArn: request.invokedFunctionArn, traceId: request.traceId,
            clientContext: request.clientContext, tenantId: request.tenantId, payload: request.payload)
        env.reportStartToTelemetry(event)
        env.notifyExtensions(event)
        var outcome = await env.invoke(event, deadline: start.advanced(by: timeout))
        var streamedBytes: Int?
        if case .streaming(let stream) = outcome {
            outcome = await receive(stream, for: request)
            streamedBytes = stream.byteCount
        }
        let elapsedMs = start.duration(to: .now).milliseconds
        env.drainOutput()

        let result = InvocationResult.from(outcome, request: request, timeoutSeconds: Double(settings.timeout))
        if case .timeout = result.status {
            env.log.platform("\(LambdaTimestamp.iso8601(Date())) \(request.requestId) Task timed out after \(String(format: "%.2f", Double(settings.timeout))) seconds")
        } else if let crash = result.crashLine {
            env.log.platform(crash, result.errorType ?? "Runtime.ExitError")
        }
        env.reportRuntimeDoneToTelemetry(
            requestId: request.requestId, status: result.status, durationMs: elapsedMs,
            producedBytes: streamedBytes ?? result.payload.readableBytes)
        if env.mailbox.extensions.isActive && !result.environmentLost {
            return answerBeforeExtensions(
                request, result, on: env, start: start, deadline: start.advanced(by: timeout), startedAt: startedAt,
                runtimeMs: elapsedMs, initMs: initMs, restoreMs: restoreMs, streamedBytes: streamedBytes)
        }
        // On a timeout Lambda reports exactly the configured timeout as the duration.
        let durationMs = result.status == .timeout ? Double(settings.timeout) * 1000 : elapsedMs
        let report = InvocationReport(
            requestId: request.requestId, durationMs: durationMs, memorySizeMB: settings.memorySize,
            maxMemoryUsedMB: env.reportedMaxMemoryUsedMB, initDurationMs: initMs, restoreDurationMs: restoreMs,
            status: result.status)
        env.log.platform(PlatformLog.end(requestId: request.requestId), PlatformLog.report(report))
        env.reportToTelemetry(report)
        let tail = env.log.endCapture()

        settle(env, lost: result.environmentLost)
        recordEnded(
            request, on: env, report, errorType: result.errorType,
            resultBytes: streamedBytes ?? result.payload.readableBytes, startedAt: startedAt)
        // Extensions learn why the environment goes: Lambda's SHUTDOWN reason is `timeout` after a function timeout.
        if result.environmentLost { await env.kill(reason: result.status == .timeout ? "timeout" : "failure") }
        var response = InvocationResponse(
            requestId: request.requestId, executedVersion: env.definition.version, payload: result.payload,
            contentType: result.contentType, functionError: result.functionError, errorType: result.errorType,
            logTail: request.wantsLogTail ? tail : nil, report: report, coldStart: initMs != nil || restoreMs != nil)
        response.streamed = streamedBytes != nil && request.onStream != nil
        return response
    }

    /// Follows a streamed response to its end: handed to a caller that takes it as it comes, or gathered for one that
    /// takes it whole. Returns the outcome as a buffered response would have been (the body empty when streamed).
    func receive(_ stream: ResponseStream, for request: InvocationRequest) async -> RuntimeOutcome {
        let contentType = stream.contentType ?? "application/octet-stream"
        var body = ByteBuffer()
        var tooLarge = false
        if let onStream = request.onStream {
            onStream(StreamedResponse(contentType: contentType, chunks: stream.chunks))
        } else {
            for await var chunk in stream.chunks {
                if tooLarge { continue }
                if body.readableBytes + chunk.readableBytes > Quotas.syncPayloadBytes {
                    tooLarge = true
                    body.clear()
                } else {
                    body.writeBuffer(&chunk)
                }
            }
        }
        switch await stream.finished() {
        case .complete: return tooLarge ? .responseTooLarge : .response(body: body, contentType: contentType)
        case .functionError(let type, let body): return .error(body: body, errorTypeHeader: type)
        case .tooLarge: return .responseTooLarge
        case .failed(let failure): return .failed(failure)
        }
    }
}
