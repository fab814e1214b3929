import LambCore
import LambRuntimeAPI

/// The platform events of the Telemetry API, sent when an extension of this environment subscribed (or may still,
/// during init); each call costs one atomic load otherwise.
extension ExecutionEnvironment {
    private var telemetry: TelemetryHub { mailbox.extensions.telemetry }

    func reportInitToTelemetry(durationMs: Double, failure: InitFailure?) {
        let status = failure?.status ?? .success
        if telemetry.isActive {
            telemetry.emit("platform", TelemetryEvents.initRuntimeDone(initializationType: initializationType, status: status))
            telemetry.emit(
                "platform",
                TelemetryEvents.initReport(initializationType: initializationType, status: status, durationMs: durationMs))
        }
        // Events are no longer kept for late subscribers once init is over.
        telemetry.initEnded()
    }

    func reportStartToTelemetry(_ event: InvocationEvent) {
        guard telemetry.isActive else { return }
        telemetry.emit(
            "platform",
            TelemetryEvents.start(requestId: event.requestId, version: definition.version, traceId: event.traceId))
    }

    func reportRuntimeDoneToTelemetry(requestId: String, status: InvocationReport.Status, durationMs: Double,
                                      producedBytes: Int) {
        guard telemetry.isActive else { return }
        telemetry.emit(
            "platform",
            TelemetryEvents.runtimeDone(
                requestId: requestId, status: status, durationMs: durationMs, producedBytes: producedBytes))
    }

    func reportToTelemetry(_ report: InvocationReport) {
        guard telemetry.isActive else { return }
        telemetry.emit("platform", TelemetryEvents.report(report))
    }
}
