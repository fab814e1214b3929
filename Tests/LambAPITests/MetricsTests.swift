import Foundation
import LambCore
import Testing

@testable import LambAPI

@Suite("Prometheus metrics")
struct MetricsTests {
    func record(_ kind: InvocationRecord.StartKind, _ outcome: InvocationRecord.Outcome) -> InvocationRecord {
        InvocationRecord(
            requestId: "r", function: "f", version: "$LATEST", invokedFunctionArn: "arn", environmentId: "e",
            invocationType: "RequestResponse", trigger: .api, startKind: kind, initDurationMs: kind == .cold ? 12 : nil,
            durationMs: 3, billedDurationMs: kind == .cold ? 15 : 3, memorySizeMB: 1024, maxMemoryUsedMB: 9,
            architecture: "x86_64", outcome: outcome, payloadBytes: 2, resultBytes: 2, startedAt: Date())
    }

    @Test("counters and histograms come from history records; gauges from the scrape's snapshot, gone ones at 0")
    func render() {
        let metrics = LambMetrics()
        metrics.ingest([record(.cold, .success), record(.warm, .error), record(.none, .throttled)])
        let environment = EnvironmentSummary(
            id: "e", function: "f", version: "$LATEST", state: "idle", initializationType: "on-demand",
            ageSeconds: 1, invocations: 2, idleSeconds: 1, maxMemoryUsedMB: 9, logStreamName: "s", pid: 1)
        let first = String(
            decoding: metrics.render(.init(environments: [environment], asyncEvents: [], mappings: [],
                                           accountConcurrencyLimit: 1000)), as: UTF8.self)
        #expect(first.contains(#"lamb_invocations_total{function="f",version="$LATEST",kind="cold"} 1"#))
        #expect(first.contains(#"lamb_invocations_total{function="f",version="$LATEST",kind="warm"} 1"#))
        #expect(first.contains(#"lamb_errors_total{function="f",version="$LATEST",outcome="error"} 1"#))
        #expect(first.contains(#"lamb_throttles_total{function="f",version="$LATEST"} 1"#))
        #expect(first.contains(#"lamb_cold_starts_total{function="f",version="$LATEST",kind="cold"} 1"#))
        #expect(first.contains(#"lamb_invocation_duration_seconds_count{function="f",version="$LATEST"} 2"#))
        #expect(first.contains(#"lamb_environments{function="f",version="$LATEST",state="idle"} 1"#))
        let second = String(
            decoding: metrics.render(.init(environments: [], asyncEvents: [], mappings: [],
                                           accountConcurrencyLimit: 1000)), as: UTF8.self)
        #expect(second.contains(#"lamb_environments{function="f",version="$LATEST",state="idle"} 0"#))
    }
}

@Suite("Invocation spans")
struct InvocationSpanTests {
    @Test("an X-Ray trace header becomes a sampled W3C traceparent; one without a parent or root gives none")
    func traceparent() {
        #expect(
            InvocationSpans.traceparent("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0")
                == "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")
        #expect(InvocationSpans.traceparent("Root=1-5759e988-bd862e3fe1be46a994272793") == nil)
        #expect(InvocationSpans.traceparent("Parent=53995c3f42cd8ad8") == nil)
        #expect(InvocationSpans.traceparent("Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8") == nil)
    }

    @Test("triggers map to OpenTelemetry's faas.trigger values")
    func triggers() {
        #expect(InvocationSpans.faasTrigger(.gateway) == "http")
        #expect(InvocationSpans.faasTrigger(.functionURL) == "http")
        #expect(InvocationSpans.faasTrigger(.mapping) == "pubsub")
        #expect(InvocationSpans.faasTrigger(.async) == "other")
    }
}
