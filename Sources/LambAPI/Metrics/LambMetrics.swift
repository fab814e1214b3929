import Foundation
import LambCore
import Metrics
import Prometheus
import Synchronization

/// Lamb's Prometheus metrics (`GET /metrics`). Counters and histograms are fed from the invocation history's batches
/// (never from the invocation's own path), so they count exactly what the history holds; gauges (environments,
/// concurrency, the async queue, mappings) are read when scraped. Labels are bounded: function, version, and a kind
/// or state from a fixed set.
final class LambMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// Gauge label sets set at the last scrape: those not seen again are set to 0 (an environment that went).
    private let lastGauges = Mutex<Set<[String]>>([])

    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60), .seconds(300), .seconds(900),
    ]

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.factory = factory
    }

    /// Counts a batch of history records. The batch is summed by label set first, so that each metric is looked up
    /// once per batch rather than once per record (a lookup takes the registry's lock and builds its key).
    func ingest(_ records: [InvocationRecord]) {
        var counts: [MetricKey: Int] = [:]
        var sums: [MetricKey: Double] = [:]
        var durations: [MetricKey: [Int64]] = [:]
        for record in records {
            let target = [("function", record.function), ("version", record.version)]
            guard record.outcome != .throttled else {
                counts[MetricKey("lamb_throttles_total", target), default: 0] += 1
                continue
            }
            counts[MetricKey("lamb_invocations_total", target + [("kind", record.startKind.rawValue)]), default: 0] += 1
            if record.outcome != .success {
                counts[MetricKey("lamb_errors_total", target + [("outcome", record.outcome.rawValue)]), default: 0] += 1
            }
            durations[MetricKey("lamb_invocation_duration_seconds", target), default: []]
                .append(Int64(record.durationMs * 1_000_000))
            sums[MetricKey("lamb_billed_gb_seconds_total", target), default: 0] += record.gigabyteSeconds
            if let startMs = record.initDurationMs ?? record.restoreDurationMs {
                let kind = target + [("kind", record.startKind.rawValue)]
                counts[MetricKey("lamb_cold_starts_total", kind), default: 0] += 1
                durations[MetricKey("lamb_init_duration_seconds", kind), default: []]
                    .append(Int64(startMs * 1_000_000))
            }
        }
        for (key, count) in counts {
            Counter(label: key.label, dimensions: key.dimensions, factory: factory).increment(by: count)
        }
        for (key, sum) in sums {
            FloatingPointCounter(label: key.label, dimensions: key.dimensions, factory: factory).increment(by: sum)
        }
        for (key, values) in durations {
            let timer = Metrics.Timer(label: key.label, dimensions: key.dimensions, factory: factory)
            for nanoseconds in values { timer.recordNanoseconds(nanoseconds) }
        }
    }

    /// What the gauges say at a scrape.
    struct Snapshot {
        var environments: [EnvironmentSummary]
        var asyncEvents: [AsyncEventSummary]
        var mappings: [EventSourceMapping]
        /// Seconds behind, by mapping UUID.
        var mappingLags: [String: Double] = [:]
        var accountConcurrencyLimit: Int
    }

    /// The text exposition format, with the gauges set from `snapshot` first.
    func render(_ snapshot: Snapshot) -> [UInt8] {
        var seen: Set<[String]> = []
        func set(_ label: String, _ dimensions: [(String, String)], _ value: Double) {
            Gauge(label: label, dimensions: dimensions, factory: factory).record(value)
            seen.insert([label] + dimensions.flatMap { [$0.0, $0.1] })
        }
        var byState: [[String]: Int] = [:]
        var busy: [String: Int] = [:]
        for environment in snapshot.environments {
            byState[[environment.function, environment.version, environment.state], default: 0] += 1
            if environment.state == "busy" || environment.state == "invoking" {
                busy[environment.function, default: 0] += 1
            }
        }
        for (key, count) in byState {
            set("lamb_environments", [("function", key[0]), ("version", key[1]), ("state", key[2])], Double(count))
        }
        for function in Set(snapshot.environments.map(\.function)) {
            set("lamb_concurrent_executions", [("function", function)], Double(busy[function] ?? 0))
        }
        set("lamb_account_concurrency_limit", [], Double(snapshot.accountConcurrencyLimit))
        let waiting = snapshot.asyncEvents.filter { $0.state != "failed" }
        for function in Set(snapshot.asyncEvents.map(\.function)) {
            let events = waiting.filter { $0.function == function }
            set("lamb_async_queue_depth", [("function", function)], Double(events.count))
            set(
                "lamb_async_oldest_event_age_seconds", [("function", function)],
                events.map(\.ageSeconds).max() ?? 0)
        }
        var mappingStates: [String: Int] = [:]
        for mapping in snapshot.mappings { mappingStates[mapping.state.rawValue, default: 0] += 1 }
        for (state, count) in mappingStates { set("lamb_event_source_mappings", [("state", state)], Double(count)) }
        for mapping in snapshot.mappings {
            guard let lag = snapshot.mappingLags[mapping.uuid] else { continue }
            let source = mapping.eventSourceArn.split(separator: ":").dropFirst(2).first.map(String.init) ?? "unknown"
            set(
                "lamb_event_source_mapping_lag_seconds",
                [("mapping", mapping.uuid), ("function", mapping.functionName), ("source", source)], lag)
        }
        let problems = snapshot.mappings.filter { $0.lastProcessingResult?.hasPrefix("PROBLEM") == true }.count
        set("lamb_event_source_mappings_with_problems", [], Double(problems))
        // Label sets of the last scrape that are gone now read 0 (Prometheus keeps a series once it exists).
        let gone = lastGauges.withLock { last -> Set<[String]> in
            defer { last = seen }
            return last.subtracting(seen)
        }
        for key in gone {
            var dimensions: [(String, String)] = []
            var index = 1
            while index + 1 < key.count {
                dimensions.append((key[index], key[index + 1]))
                index += 2
            }
            Gauge(label: key[0], dimensions: dimensions, factory: factory).record(0)
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

/// A metric's name and labels, as a dictionary key.
struct MetricKey: Hashable {
    let label: String
    let names: [String]
    let values: [String]

    init(_ label: String, _ dimensions: [(String, String)]) {
        self.label = label
        names = dimensions.map(\.0)
        values = dimensions.map(\.1)
    }

    var dimensions: [(String, String)] { Array(zip(names, values)) }
}
