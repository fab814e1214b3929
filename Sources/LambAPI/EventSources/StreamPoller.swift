import Foundation
import LambAWS
import LambCore
import LambStore
import Logging

/// One enabled Kinesis or DynamoDB Streams mapping: a ``StreamShardWorker`` per readable shard, in order within
/// it. A shard whose parents are still being read waits for them (resharding, DynamoDB's shard rollover); the
/// shard list is read again when a shard is finished and every 30 seconds, for shards that appear.
struct StreamPoller: Sendable {
    let mapping: EventSourceMapping
    let stream: StreamSourceArn
    let settings: StreamSettings
    let source: StreamSource
    let mappings: EventSourceMappings
    let invoker: MappingInvoker
    let logger: Logger

    init(
        mapping: EventSourceMapping, stream: StreamSourceArn, endpoint: URL, credentials: AWSCredentials?,
        mappings: EventSourceMappings, invoker: MappingInvoker, logger: Logger
    ) {
        self.mapping = mapping
        self.stream = stream
        settings = mapping.stream ?? StreamSettings(startingPosition: "LATEST")
        source = StreamSource(stream: stream, endpoint: endpoint, credentials: credentials)
        self.mappings = mappings
        self.invoker = invoker
        self.logger = logger
    }

    private enum Wake: Sendable {
        case tick
        case finished(String)
    }

    func run() async {
        let (wakes, wake) = AsyncStream.makeStream(of: Wake.self)
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    wake.yield(.tick)
                    try? await Task.sleep(for: .seconds(30))
                }
            }
            var running: Set<String> = []
            var settled = false
            for await event in wakes {
                if case .finished(let shardId) = event { running.remove(shardId) }
                guard let shards = await listShards() else { break }
                guard let checkpoints = await startingCheckpoints(shards) else { break }
                if !settled {
                    settled = true
                    await mappings.report(
                        mapping.uuid, state: mapping.settledState, reason: "USER_INITIATED",
                        result: mapping.lastProcessingResult ?? "No records processed")
                }
                let finished = Set(checkpoints.values.filter(\.finished).map(\.shardId))
                for shard in StreamShardOrder.readable(shards, finished: finished) where !running.contains(shard.id) {
                    running.insert(shard.id)
                    let worker = StreamShardWorker(poller: self, shard: shard, start: checkpoints[shard.id])
                    group.addTask {
                        await worker.run()
                        wake.yield(.finished(shard.id))
                    }
                }
            }
            group.cancelAll()
        }
    }

    /// The stream's shards, asked again with backoff while the endpoint cannot be reached; `nil` once cancelled.
    private func listShards() async -> [StreamShard]? {
        var backoff = Backoff()
        while !Task.isCancelled {
            do {
                return try await source.shards()
            } catch {
                await report(problem: error)
                guard await backoff.wait() else { return nil }
            }
        }
        return nil
    }

    /// The checkpoints; on a mapping's first start, first stores where each shard starts, so that a restart before
    /// any record was processed still starts there (and not at a later `LATEST`). Shards that appear later have
    /// no checkpoint and are read from their beginning, as Lambda reads the children of a resharded stream.
    private func startingCheckpoints(_ shards: [StreamShard]) async -> [String: StreamCheckpoint]? {
        var backoff = Backoff()
        while !Task.isCancelled {
            do {
                let stored = try await mappings.database.streamCheckpoints(mapping: mapping.uuid)
                guard stored.isEmpty, !shards.isEmpty else { return stored }
                let now = Date()
                let initial: [StreamCheckpoint] = shards.map { shard in
                    switch settings.startingPosition {
                    case "LATEST":
                        // Closed shards hold nothing newer than now; open ones are read from now on (by arrival
                        // time rather than a LATEST iterator, so that a restart goes on from the same moment).
                        return shard.isClosed
                            ? StreamCheckpoint(shardId: shard.id, finished: true)
                            : StreamCheckpoint(shardId: shard.id, readFrom: now)
                    case "AT_TIMESTAMP":
                        return StreamCheckpoint(shardId: shard.id, readFrom: settings.startingPositionTimestamp ?? now)
                    default:
                        return StreamCheckpoint(shardId: shard.id)
                    }
                }
                try await mappings.database.saveStreamCheckpoints(initial, mapping: mapping.uuid)
                return Dictionary(uniqueKeysWithValues: initial.map { ($0.shardId, $0) })
            } catch {
                await report(problem: error)
                guard await backoff.wait() else { return nil }
            }
        }
        return nil
    }

    func report(problem error: any Error) async {
        await mappings.report(problem: error, of: mapping.uuid, service: source.serviceName)
    }
}
