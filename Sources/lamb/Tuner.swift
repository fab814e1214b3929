import Foundation
import LambCore
import Synchronization

/// Runs one function at one memory size after another through `POST /_lamb/v1/functions/{name}/tune`.
struct Tuner: Sendable {
    let client: LambClient
    let function: String
    let qualifier: String?
    let body: Data
    let cold: Bool
    let parallel: Int

    /// What the server said of itself with its answers.
    typealias Host = (cores: Int, cpuLimited: Bool, currency: String)

    /// `runs` measured runs at `memory` (after one discarded run unless every run is cold), `parallel` at a time.
    /// A function error (an out-of-memory at a small size, a timeout) is a run's result; a throttle too. The
    /// function missing, or the server unreachable, ends the tuning.
    func measure(_ memory: Int, runs: Int, progress: @escaping @Sendable () -> Void) async throws
        -> (runs: [TuningReport.Run], host: Host?)
    {
        if !cold { _ = try await run(memory) }
        let next = Counter(limit: runs)
        return try await withThrowingTaskGroup(of: [(TuningReport.Run, Host?)].self) { group in
            for _ in 0..<min(parallel, runs) {
                group.addTask {
                    var results: [(TuningReport.Run, Host?)] = []
                    while next.take() {
                        results.append(try await run(memory))
                        progress()
                    }
                    return results
                }
            }
            var all: [(TuningReport.Run, Host?)] = []
            for try await results in group { all += results }
            return (all.map(\.0), all.compactMap(\.1).first)
        }
    }

    private func run(_ memory: Int) async throws -> (TuningReport.Run, Host?) {
        var query = [("memory", String(memory))] + LambClient.qualifierQuery(qualifier)
        if cold { query.append(("cold", "1")) }
        let path = "/_lamb/v1/functions/\(function)/tune"
        let response = try await client.send("POST", path, query: query, body: body)
        if let error = LambClient.error(in: response) {
            // Too many at once is a result of the size (the function's concurrency), not the end of the tuning.
            guard response.status == 429, case .service(let type, _) = error else { throw error }
            return (
                TuningReport.Run(durationMs: 0, billedDurationMs: 0, maxMemoryUsedMB: 0, cost: 0, errorType: type), nil
            )
        }
        let answer = try client.decode(TuningRunAnswer.self, from: response)
        return (answer.run, (answer.hostCores, answer.cpuLimited, answer.currency))
    }

    /// Hands the report to the server, for its dashboard; a server that cannot take it changes nothing here.
    func publish(_ report: TuningReport) async {
        guard let body = try? JSONEncoder().encode(report) else { return }
        _ = try? await client.send("PUT", "/_lamb/v1/functions/\(function)/tune/report", body: body)
    }

    /// Lets the sizes' environments go (the end of a tuning, or its failure).
    func retire(_ sizes: [Int]) async {
        let query = [("memory", sizes.map(String.init).joined(separator: ","))] + LambClient.qualifierQuery(qualifier)
        _ = try? await client.send("DELETE", "/_lamb/v1/functions/\(function)/tune", query: query)
    }
}

/// Hands out `limit` turns to concurrent runners.
private final class Counter: Sendable {
    private let state: Mutex<Int>
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
        state = Mutex(0)
    }

    func take() -> Bool {
        state.withLock { taken in
            guard taken < limit else { return false }
            taken += 1
            return true
        }
    }
}
