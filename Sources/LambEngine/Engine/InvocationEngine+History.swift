import Foundation
import LambCore
import NIOCore

/// Hands each invocation's record to the configured observer (the history and metrics), when the invocation has ended
/// or was refused. Only builds a value: storing it is the observer's, off the invocation's path.
extension InvocationEngine {
    func recordEnded(
        _ request: InvocationRequest, on env: ExecutionEnvironment, _ report: InvocationReport, errorType: String?,
        resultBytes: Int, startedAt: Date
    ) {
        guard let observe = context.configuration.invocationObserver else { return }
        let kind: InvocationRecord.StartKind
        if report.restoreDurationMs != nil {
            kind = .restore
        } else if env.initializationType == "provisioned-concurrency" {
            kind = .provisioned
        } else {
            kind = report.initDurationMs != nil ? .cold : .warm
        }
        // REPORT shows a status only for platform failures; an error the function raised has an error type.
        let outcome: InvocationRecord.Outcome
        switch report.status {
        case .timeout: outcome = .timeout
        case .error: outcome = .error
        case .success: outcome = errorType == nil ? .success : .error
        }
        observe(
            InvocationRecord(
                requestId: request.requestId, function: env.definition.name, version: env.definition.version,
                invokedFunctionArn: request.invokedFunctionArn, environmentId: env.id,
                invocationType: request.invocationType, trigger: request.trigger, startKind: kind,
                initDurationMs: report.initDurationMs, restoreDurationMs: report.restoreDurationMs,
                durationMs: report.durationMs, billedDurationMs: report.billedDurationMs,
                memorySizeMB: report.memorySizeMB, maxMemoryUsedMB: report.maxMemoryUsedMB,
                architecture: env.definition.settings.architectures.first ?? "x86_64", outcome: outcome,
                errorType: errorType, payloadBytes: request.payload.readableBytes, resultBytes: resultBytes,
                startedAt: startedAt, traceId: request.traceId))
    }

    /// A refused invocation: no environment, no duration.
    func recordThrottled(_ definition: FunctionDefinition, _ request: InvocationRequest, reason: String) {
        guard let observe = context.configuration.invocationObserver else { return }
        observe(
            InvocationRecord(
                requestId: request.requestId, function: definition.name, version: definition.version,
                invokedFunctionArn: request.invokedFunctionArn, environmentId: nil,
                invocationType: request.invocationType, trigger: request.trigger, startKind: .none, durationMs: 0,
                billedDurationMs: 0, memorySizeMB: definition.settings.memorySize, maxMemoryUsedMB: 0,
                architecture: definition.settings.architectures.first ?? "x86_64", outcome: .throttled,
                errorType: reason, payloadBytes: request.payload.readableBytes, resultBytes: 0, startedAt: Date(),
                traceId: request.traceId))
    }
}
