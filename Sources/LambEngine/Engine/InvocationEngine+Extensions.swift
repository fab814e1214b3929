import Foundation
import LambCore
import LambRuntimeAPI
import NIOCore

extension InvocationEngine {
    /// An environment with extensions: the caller gets the runtime's answer at once, while the invocation goes on
    /// for the environment until every extension subscribed to `INVOKE` has called `/event/next` again (Lambda's
    /// post-invoke phase). Only then are END and REPORT written (its Duration counting the extensions' time), the
    /// environment back in its pool and the invocation in the history. An extension that fails (crashes, reports
    /// an exit error, or is not done by the deadline) costs the environment, as on Lambda.
    func answerBeforeExtensions(
        _ request: InvocationRequest, _ result: InvocationResult, on env: ExecutionEnvironment,
        start: ContinuousClock.Instant, deadline: ContinuousClock.Instant, startedAt: Date, runtimeMs: Double,
        initMs: Double?, restoreMs: Double?, streamedBytes: Int?
    ) -> InvocationResponse {
        let settings = env.definition.settings
        let tail = env.log.endCapture()
        let answered = InvocationReport(
            requestId: request.requestId, durationMs: runtimeMs, memorySizeMB: settings.memorySize,
            maxMemoryUsedMB: env.reportedMaxMemoryUsedMB, initDurationMs: initMs, restoreDurationMs: restoreMs,
            status: result.status)
        Task {
            let failure = await env.awaitExtensions(deadline: deadline)
            env.drainOutput()
            if let failure {
                env.log.platform(
                    "\(LambdaTimestamp.iso8601(Date())) \(request.requestId) \(failure.message) (\(failure.errorType))")
            }
            var report = answered
            report.durationMs = start.duration(to: .now).milliseconds
            env.log.platform(PlatformLog.end(requestId: request.requestId), PlatformLog.report(report))
            env.reportToTelemetry(report)
            settle(env, lost: failure != nil)
            recordEnded(
                request, on: env, report, errorType: result.errorType ?? failure?.errorType,
                resultBytes: streamedBytes ?? result.payload.readableBytes, startedAt: startedAt)
            if failure != nil { await env.kill() }
        }
        var response = InvocationResponse(
            requestId: request.requestId, executedVersion: env.definition.version, payload: result.payload,
            contentType: result.contentType, functionError: result.functionError, errorType: result.errorType,
            logTail: request.wantsLogTail ? tail : nil, report: answered, coldStart: initMs != nil || restoreMs != nil)
        response.streamed = streamedBytes != nil && request.onStream != nil
        return response
    }
}
