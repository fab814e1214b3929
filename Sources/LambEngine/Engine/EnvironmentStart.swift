import Foundation
import LambCore
import LambRuntimeAPI
import NIOCore
import Synchronization

/// The kinds of one start operation. Every environment begins as one of them, and each ends once: ready, or with
/// an ``InitFailure``.
enum StartKind: Sendable {
    /// A cold start for an invocation; `captureInit` keeps init's log lines for a caller that asked for the tail.
    case onDemand(captureInit: Bool)
    /// Initialised ahead for provisioned concurrency.
    case provisioned(ProvisionTag)
    /// The template of a SnapStart version (`snap-start`).
    case snapStartTemplate
    /// A cold start of a SnapStart version: a parked spare woken, or else a fork of the template.
    case restore(spare: SnapStartSpare?, template: ExecutionEnvironment)

    /// Whether the environment serves the invocation that started it, and so joins its pool (busy) as soon as it
    /// exists, where listings show it initialising.
    var servesItsInvocation: Bool {
        switch self {
        case .onDemand, .restore: true
        case .provisioned, .snapStartTemplate: false
        }
    }

    /// Restores must finish (with their after-restore hooks) within this, as on Lambda.
    static let restoreTimeout = Duration.seconds(10)

    /// How long init (or the restore) may take.
    func initTimeout(_ definition: FunctionDefinition, configured: Duration) -> Duration {
        switch self {
        case .onDemand, .provisioned: configured
        // Lambda gives the snapshot's init the longer of 130 s and the function's timeout.
        case .snapStartTemplate: .seconds(max(130, definition.settings.timeout))
        case .restore: Self.restoreTimeout
        }
    }
}

/// A start that ended: the environment, how long its init (or restore) took, and whether it can serve.
struct StartedEnvironment: Sendable {
    let environment: ExecutionEnvironment
    let durationMs: Double
    /// `nil`: ready to serve.
    let failure: InitFailure?
}

/// Why an init (or a restore) failed, classified once for every kind of start.
struct InitFailure: Sendable, Error {
    enum Cause: Sendable {
        /// The runtime posted `/init/error` (or `/restore/error`).
        case reported(body: ByteBuffer, headerType: String?)
        /// The runtime exited, overran the init timeout, or was shut down.
        case runtime(RuntimeFailure)
    }

    let cause: Cause

    init(_ cause: Cause) { self.cause = cause }

    var timedOut: Bool {
        if case .runtime(.timedOut) = cause { return true }
        return false
    }

    /// The error type: a reported error's own `errorType`, else the one its header named, else `Runtime.Unknown`;
    /// for a runtime that failed, the type Lambda gives that failure.
    var errorType: String { payload(requestId: "", timeout: .zero).type }

    /// The `errorType` of a reported error's body.
    var reportedType: String? {
        guard case .reported(let body, _) = cause else { return nil }
        return ErrorJSON.errorType(in: body)
    }

    /// The `errorMessage` of a reported error's body.
    var reportedMessage: String? {
        guard case .reported(let body, _) = cause else { return nil }
        return ErrorJSON.typeAndMessage(in: body).1
    }

    /// The error type the runtime named in the error's header (`Lambda-Runtime-Function-Error-Type`).
    var headerType: String? {
        guard case .reported(_, let header) = cause else { return nil }
        return header
    }

    /// How init ended, for INIT_REPORT and REPORT lines.
    var status: InvocationReport.Status { timedOut ? .timeout : .error(type: errorType) }

    /// The error type and JSON payload an invocation that waited for this init receives.
    func payload(requestId: String, timeout: Duration) -> (type: String, body: ByteBuffer) {
        switch cause {
        case .reported(let body, let header):
            return (ErrorJSON.errorType(in: body) ?? header ?? "Runtime.Unknown", body)
        case .runtime(let failure):
            let (type, json) =
                switch failure {
                case .exited(let exit): FunctionErrorPayload.exited(requestId: requestId, exit: exit)
                case .timedOut: FunctionErrorPayload.timeout(requestId: requestId, timeoutSeconds: timeout.seconds)
                case .shutDown:
                    FunctionErrorPayload.json(
                        type: "Runtime.ExitError", message: "RequestId: \(requestId) Error: Runtime was shut down")
                }
            return (type, ByteBuffer(string: json))
        }
    }
}

extension InvocationEngine {
    /// Starts one environment of `kind` for `definition` and waits for the end of its init (or restore). Kinds that
    /// serve their invocation are adopted into their pool first. A failed init's output is drained into the log; the
    /// caller decides what the failure means and stops the environment.
    ///
    /// Throws when no environment could be made (or Lamb is shutting down).
    nonisolated func start(_ definition: FunctionDefinition, as kind: StartKind) async throws(LambError)
        -> StartedEnvironment
    {
        // A restore's duration runs from the decision to restore to the restored runtime's first `/next`.
        let decidedAt = ContinuousClock.now
        let env: ExecutionEnvironment
        do {
            env = try await launch(definition, as: kind)
        } catch let error as LambError {
            throw error
        } catch {
            throw LambError.service("Lamb could not start an execution environment: \(error)")
        }
        if kind.servesItsInvocation {
            guard core.withLock({ $0.adopt(env) }) else {
                await env.kill()
                throw LambError.service("Lamb is shutting down.")
            }
        }
        let outcome = await env.awaitInit(timeout: kind.initTimeout(definition, configured: context.configuration.initTimeout))
        let began = if case .restore = kind { decidedAt } else { env.launchedAt }
        let durationMs = began.duration(to: .now).milliseconds
        let failure: InitFailure? =
            switch outcome {
            case .ready: nil
            case .initError(let body, let header): InitFailure(.reported(body: body, headerType: header))
            case .failed(let failure): InitFailure(.runtime(failure))
            }
        if failure != nil { env.drainOutput() }
        env.reportInitToTelemetry(durationMs: durationMs, failure: failure)
        return StartedEnvironment(environment: env, durationMs: durationMs, failure: failure)
    }

    private nonisolated func launch(_ definition: FunctionDefinition, as kind: StartKind) async throws
        -> ExecutionEnvironment
    {
        switch kind {
        case .onDemand(let captureInit):
            try await ExecutionEnvironment.launch(
                definition: definition, context: context, captureInit: captureInit, logger: logger)
        case .provisioned(let tag):
            try await ExecutionEnvironment.launch(
                definition: definition, context: context, captureInit: false, logger: logger, provisioning: tag)
        case .snapStartTemplate:
            try await ExecutionEnvironment.launch(
                definition: definition, context: context, captureInit: false, logger: logger, snapStartTemplate: true)
        case .restore(let spare, let template):
            try await restoredEnvironment(spare: spare, template: template)
        }
    }
}
