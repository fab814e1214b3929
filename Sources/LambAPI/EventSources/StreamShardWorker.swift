import Foundation
import LambAWS
import LambCore
import LambEngine
import LambStore
import Logging
import NIOCore

/// Reads one shard in order: collects a batch, filters it, invokes the function until the batch is done with
/// (``StreamBatchTracker``: retries, bisection, partial failures, record age), then checkpoints after it. Returns
/// when a closed shard is read to its end (finished) or the mapping stops. The checkpoint is stored only after the
/// function has succeeded with a batch (or it was given up), so a crash re-delivers the batch in flight.
struct StreamShardWorker: Sendable {
    let poller: StreamPoller
    let shard: StreamShard
    let start: StreamCheckpoint?

    private var mapping: EventSourceMapping { poller.mapping }
    private var settings: StreamSettings { poller.settings }
    private var source: StreamSource { poller.source }
    /// A batch stops growing before its event could pass Lambda's 6 MB invocation payload.
    private static let payloadBudget = 5 * 1024 * 1024 + 512 * 1024

    /// Where reading stands: the iterator, records read but not yet batched, the last sequence number read.
    private struct Reader {
        var iterator: String?
        var buffer: [StreamEventRecord] = []
        var lastRead: String?
        var ended = false
        /// DynamoDB has no AT_TIMESTAMP: records created before this are skipped (until one is not).
        var skipBefore: Date?
    }

    func run() async {
        var reader = Reader(lastRead: start?.sequenceNumber)
        let role = poller.invoker.role(mapping)
        var backoff = Backoff()
        while !Task.isCancelled {
            let batch: [StreamEventRecord]
            do {
                batch = try await collect(&reader, role: role)
                backoff.reset()
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                // An expired iterator (or any failed read) is replaced from the last record read.
                reader.iterator = nil
                await poller.report(problem: error)
                guard await backoff.wait() else { return }
                continue
            }
            if batch.isEmpty {
                if reader.ended {
                    await checkpoint(
                        StreamCheckpoint(shardId: shard.id, sequenceNumber: reader.lastRead, finished: true))
                    return
                }
                continue
            }
            guard await processInLanes(batch) else { return }
        }
    }

    /// How many records one read gathers: a batch, or one per lane when the shard is read in parallel.
    private var readLimit: Int { mapping.batchSize * settings.parallelizationFactor }
    private var readBudget: Int { Self.payloadBudget * settings.parallelizationFactor }

    // MARK: - Reading

    /// The position a new iterator starts at: after the last record read, else where the checkpoint says.
    private func position(_ reader: inout Reader) -> ShardPosition {
        if let last = reader.lastRead { return .afterSequenceNumber(last) }
        if let from = start?.readFrom {
            if source.stream.kind == .dynamodb {
                reader.skipBefore = Date(timeIntervalSince1970: from.timeIntervalSince1970.rounded(.down))
            }
            return .atTimestamp(from)
        }
        return .trimHorizon
    }

    /// Records for the next batch: up to `BatchSize`, invoked at once without a batching window, else when the
    /// window has passed since the first record (or the batch is full, or near the payload limit). Empty when
    /// nothing came (after a pause) or the shard ended.
    private func collect(_ reader: inout Reader, role: String) async throws -> [StreamEventRecord] {
        var batch: [StreamEventRecord] = []
        var bytes = 0
        var firstAt: ContinuousClock.Instant?
        let window = Duration.seconds(mapping.maximumBatchingWindowInSeconds)
        while !Task.isCancelled {
            while let next = reader.buffer.first, batch.count < readLimit,
                batch.isEmpty || bytes + next.approximateBytes <= readBudget
            {
                batch.append(reader.buffer.removeFirst())
                bytes += next.approximateBytes
            }
            if !batch.isEmpty {
                if firstAt == nil { firstAt = .now }
                let full = batch.count >= readLimit || !reader.buffer.isEmpty
                if full || reader.ended || window == .zero { return batch }
                if let firstAt, ContinuousClock.now - firstAt >= window { return batch }
            } else if reader.ended {
                return []
            }
            let records: [StreamEventRecord]
            let next: String?
            do {
                if reader.iterator == nil {
                    reader.iterator = try await source.iterator(shard.id, at: position(&reader))
                }
                guard let iterator = reader.iterator else { return batch }
                (records, next) = try await source.read(
                    iterator, limit: readLimit - batch.count, shardId: shard.id, role: role)
            } catch {
                // What was collected goes back, to be batched again once reading works.
                reader.buffer.insert(contentsOf: batch, at: 0)
                throw error
            }
            reader.iterator = next
            var fresh = records
            if let skipBefore = reader.skipBefore {
                fresh = Array(records.drop { $0.arrival < skipBefore })
                if !fresh.isEmpty { reader.skipBefore = nil }
            }
            if let last = records.last { reader.lastRead = last.sequenceNumber }
            reader.buffer += fresh
            // The end of a closed shard: no next iterator (some emulators keep answering one: an empty read of a
            // closed shard ends it too).
            if next == nil || (records.isEmpty && shard.isClosed) { reader.ended = true }
            if records.isEmpty && !reader.ended {
                var pause = source.pollInterval
                if let firstAt {
                    let remaining = window - (ContinuousClock.now - firstAt)
                    if remaining <= .zero { return batch }
                    pause = min(pause, remaining)
                }
                try await Task.sleep(for: pause)
                if batch.isEmpty { return [] }
            }
        }
        throw CancellationError()
    }

    // MARK: - Processing

    /// With a `ParallelizationFactor` above 1, the records read are spread over lanes by key (``StreamLanes``) and
    /// the lanes invoked side by side; the checkpoint moves past them all once every lane is done, so a crash
    /// re-delivers the whole read. `false` when the mapping stopped first.
    private func processInLanes(_ batch: [StreamEventRecord]) async -> Bool {
        guard settings.parallelizationFactor > 1 else { return await process(batch, checkpoints: true) }
        let lanes = StreamLanes.split(
            batch, factor: settings.parallelizationFactor, batchSize: mapping.batchSize,
            payloadBudget: Self.payloadBudget)
        let completed = await withTaskGroup(of: Bool.self) { group in
            for lane in lanes {
                group.addTask {
                    for laneBatch in lane {
                        guard await process(laneBatch, checkpoints: false) else { return false }
                    }
                    return true
                }
            }
            return await group.allSatisfy { $0 }
        }
        guard completed else { return false }
        if let end = batch.last { await checkpoint(after: end) }
        return true
    }

    /// Filters and invokes until every record of `batch` is done with; `false` when the mapping stopped first.
    /// `checkpoints`: whether the shard's checkpoint follows the batch (not for one lane of several).
    private func process(_ batch: [StreamEventRecord], checkpoints: Bool) async -> Bool {
        let filters = mapping.filters
        let passing = batch.filter { FilterPattern.passes($0.filterView, filters: filters) }
        var tracker = StreamBatchTracker(
            batch: passing, maximumRetryAttempts: settings.maximumRetryAttempts,
            bisectOnError: settings.bisectBatchOnFunctionError)
        var backoff = Backoff()
        var last: InvocationResponse?
        while let current = tracker.current {
            if Task.isCancelled { return false }
            if settings.maximumRecordAgeInSeconds >= 0 {
                let oldest = Date().addingTimeInterval(-Double(settings.maximumRecordAgeInSeconds))
                let expired = current.records.prefix { $0.arrival < oldest }.count
                if let given = tracker.expire(expired) {
                    await giveUp(given, condition: "RecordAgeExceeded", last: last, checkpoints: checkpoints)
                    continue
                }
            }
            tracker.invoking()
            let outcome: StreamBatchTracker<StreamEventRecord>.Next
            do {
                let response = try await poller.invoker.invoke(
                    mapping, payload: try StreamEvent.payload(current.records))
                if Task.isCancelled { return false }
                last = response
                if response.functionError != nil {
                    let detail = response.errorType.map { " (\($0))" } ?? ""
                    await poller.mappings.report(mapping.uuid, result: "PROBLEM: Function call failed\(detail)")
                    outcome = tracker.failed()
                } else {
                    switch StreamBatchOutcome.fromResponse(
                        Data(response.payload.readableBytesView),
                        sequenceNumbers: Set(current.records.map(\.sequenceNumber)),
                        reportsItemFailures: mapping.reportsBatchItemFailures)
                    {
                    case .succeeded:
                        let done = tracker.succeeded()
                        if checkpoints, let end = done.last { await checkpoint(after: end) }
                        await poller.mappings.report(mapping.uuid, result: "OK")
                        backoff.reset()
                        continue
                    case .partial(let lowest):
                        let index = current.records.firstIndex { $0.sequenceNumber == lowest } ?? 0
                        let (done, next) = tracker.partiallyFailed(at: index)
                        if checkpoints, let end = done.last { await checkpoint(after: end) }
                        await poller.mappings.report(mapping.uuid, result: "OK")
                        outcome = next
                    case .failed(let reason):
                        await poller.mappings.report(
                            mapping.uuid, result: "PROBLEM: Invalid batch response: \(reason)")
                        outcome = tracker.failed()
                    }
                }
            } catch {
                // Not the function's failure (a throttle, the function gone, an engine error): the same records are
                // tried again, without using a retry, until they are too old.
                if Task.isCancelled { return false }
                if case MappingInvoker.Failure.functionGone = error {
                    await poller.mappings.report(mapping.uuid, result: "PROBLEM: Function not found")
                } else {
                    await poller.report(problem: error)
                }
                guard await backoff.wait() else { return false }
                continue
            }
            switch outcome {
            case .retry:
                guard await backoff.wait() else { return false }
            case .bisected:
                continue
            case .giveUp(let given, let condition):
                await giveUp(given, condition: condition, last: last, checkpoints: checkpoints)
            }
        }
        // Filtered records, and the batch's tail after the last one invoked, are done too.
        if checkpoints, let end = batch.last { await checkpoint(after: end) }
        return true
    }

    /// Records given up: Lambda's stream failure record to the OnFailure destination (kept by Lamb's destination
    /// sink), then the checkpoint moves past them.
    private func giveUp(
        _ given: StreamBatchTracker<StreamEventRecord>.Pending, condition: String, last: InvocationResponse?,
        checkpoints: Bool
    ) async {
        guard let end = given.records.last else { return }
        let functionArn = poller.invoker.functionArn(mapping)
        if let destination = settings.onFailureDestination {
            let record = StreamFailureRecord(
                records: given.records, shardId: shard.id, stream: source.stream,
                requestId: last?.requestId ?? UUID().uuidString.lowercased(), functionArn: functionArn,
                condition: condition, invocations: given.invocations,
                response: given.invocations == 0 || last == nil
                    ? nil
                    : StreamFailureRecord.Response(
                        executedVersion: last?.executedVersion ?? "$LATEST", functionError: last?.functionError),
                timestamp: Date())
            do {
                try await poller.mappings.database.appendDestinationMessages([
                    DestinationMessage(
                        target: destination, kind: .onFailure, timestamp: record.timestamp,
                        function: mapping.functionName, requestId: record.requestId, condition: condition,
                        body: try record.json(),
                        // An S3 destination files the record under the mapping and the shard.
                        attributes: ["eventSourceMappingUUID": mapping.uuid, "shardId": shard.id])
                ])
            } catch {
                await poller.report(problem: error)
            }
        }
        poller.logger.warning(
            "event source mapping gave up records",
            metadata: [
                "uuid": "\(mapping.uuid)", "shard": "\(shard.id)", "condition": "\(condition)",
                "records": "\(given.records.count)", "from": "\(given.records.first?.sequenceNumber ?? "")",
                "to": "\(end.sequenceNumber)",
            ])
        if checkpoints { await checkpoint(after: end) }
    }

    private func checkpoint(after record: StreamEventRecord) async {
        poller.mappings.recordLag(mapping.uuid, seconds: Date().timeIntervalSince(record.arrival))
        await checkpoint(StreamCheckpoint(shardId: shard.id, sequenceNumber: record.sequenceNumber))
    }

    private func checkpoint(_ checkpoint: StreamCheckpoint) async {
        do {
            try await poller.mappings.database.saveStreamCheckpoints([checkpoint], mapping: mapping.uuid)
        } catch {
            await poller.report(problem: error)
        }
    }
}
