import Foundation
import Instrumentation
import LambCore
import OTel
import ServiceLifecycle
import Tracing

/// OpenTelemetry spans for invocations (`lamb serve --otel-endpoint URL`), exported over OTLP/HTTP by swift-otel.
/// Made from the history's batches with the records' own times, so the invocation's path pays nothing: an invocation
/// is a server span covering init (or restore) and the invocation, with an `init`/`restore` child and an `invoke`
/// child. Its trace is the caller's (`X-Amzn-Trace-Id`'s root as a W3C trace id, its parent as the parent span).
final class InvocationSpans: Sendable {
    let tracer: any Tracer

    /// The exporter and the service that sends its batches (to run with Lamb's services).
    static func make(endpoint: String, protocol: String) throws -> (InvocationSpans, any Service) {
        var configuration = OTel.Configuration.default
        configuration.serviceName = "lamb"
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.enabled = true
        configuration.traces.otlpExporter.endpoint =
            endpoint.hasSuffix("/") ? endpoint + "v1/traces" : endpoint + "/v1/traces"
        configuration.traces.otlpExporter.protocol = `protocol` == "http/json" ? .httpJSON : .httpProtobuf
        configuration.traces.batchSpanProcessor.scheduleDelay = .milliseconds(500)
        let (tracer, service) = try OTel.makeTracingBackend(configuration: configuration)
        return (InvocationSpans(tracer: tracer), service)
    }

    init(tracer: any Tracer) {
        self.tracer = tracer
    }

    func export(_ records: [InvocationRecord]) {
        for record in records where record.outcome != .throttled {
            export(record)
        }
    }

    private func export(_ record: InvocationRecord) {
        var context = ServiceContext.topLevel
        if let parent = Self.traceparent(record.traceId) {
            tracer.extract(["traceparent": parent], into: &context, using: TraceparentExtractor())
        }
        let start = Self.nanoseconds(record.startedAt)
        let startupMs = record.initDurationMs ?? record.restoreDurationMs
        let startupNs = UInt64((startupMs ?? 0) * 1_000_000)
        let end = start + UInt64(record.durationMs * 1_000_000)
        let span = tracer.startSpan(
            record.function, context: context, ofKind: .server, at: Self.instant(start - startupNs))
        span.attributes["faas.name"] = record.function
        span.attributes["faas.version"] = record.version
        span.attributes["faas.invocation_id"] = record.requestId
        span.attributes["faas.coldstart"] = record.startKind == .cold || record.startKind == .restore
        span.attributes["faas.trigger"] = Self.faasTrigger(record.trigger)
        span.attributes["faas.max_memory"] = record.memorySizeMB * 1024 * 1024
        span.attributes["cloud.resource_id"] = record.invokedFunctionArn
        span.attributes["lamb.start_kind"] = record.startKind.rawValue
        span.attributes["lamb.trigger"] = record.trigger.rawValue
        span.attributes["lamb.billed_duration_ms"] = record.billedDurationMs
        span.attributes["lamb.max_memory_used_mb"] = record.maxMemoryUsedMB
        if let environment = record.environmentId { span.attributes["lamb.environment_id"] = environment }
        if record.outcome != .success {
            span.setStatus(SpanStatus(code: .error, message: record.errorType ?? record.outcome.rawValue))
            span.attributes["lamb.outcome"] = record.outcome.rawValue
        }
        if let startupMs {
            let phase = record.restoreDurationMs != nil ? "restore" : "init"
            let child = tracer.startSpan(
                phase, context: span.context, ofKind: .internal, at: Self.instant(start - startupNs))
            child.attributes["lamb.duration_ms"] = startupMs
            child.end(at: Self.instant(start))
        }
        let invoke = tracer.startSpan("invoke", context: span.context, ofKind: .internal, at: Self.instant(start))
        invoke.end(at: Self.instant(end))
        span.end(at: Self.instant(end))
    }

    /// `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8` → a W3C `traceparent`, sampled (spans are
    /// exported because the user asked for them).
    static func traceparent(_ xray: String) -> String? {
        var root: Substring?
        var parent: Substring?
        for part in xray.split(separator: ";") {
            if part.hasPrefix("Root=") { root = part.dropFirst(5) }
            if part.hasPrefix("Parent=") { parent = part.dropFirst(7) }
        }
        guard let root, let parent, parent.count == 16 else { return nil }
        let pieces = root.split(separator: "-")
        guard pieces.count == 3, pieces[0] == "1" else { return nil }
        let traceID = (pieces[1] + pieces[2]).lowercased()
        guard traceID.count == 32, traceID.allSatisfy(\.isHexDigit) else { return nil }
        return "00-\(traceID)-\(parent.lowercased())-01"
    }

    /// OpenTelemetry's `faas.trigger` values.
    static func faasTrigger(_ trigger: InvocationTrigger) -> String {
        switch trigger {
        case .gateway, .functionURL, .authorizer: "http"
        case .mapping: "pubsub"
        case .schedule: "timer"
        case .api, .async, .asyncRetry, .destination, .tune: "other"
        }
    }

    static func nanoseconds(_ date: Date) -> UInt64 { UInt64(max(date.timeIntervalSince1970, 0) * 1_000_000_000) }

    static func instant(_ nanoseconds: UInt64) -> DefaultTracerClock.Timestamp {
        DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: nanoseconds)
    }
}

/// Reads the one header a span's parent is given in.
struct TraceparentExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
