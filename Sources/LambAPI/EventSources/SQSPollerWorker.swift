import Foundation
import LambAWS
import LambCore
import LambEngine
import NIOCore
import Synchronization

/// One worker of an ``SQSPoller``: collect a batch, filter it, invoke, delete what succeeded; again.
struct SQSPollerWorker: Sendable {
    let poller: SQSPoller
    let client: SQSClient
    let queue: SQSQueueArn
    let queueURL: String
    let workers: WorkerCount
    /// Workers retire on empty polls down to this many.
    let floor: Int
    let scaleUp: AsyncStream<Void>.Continuation

    private var mapping: EventSourceMapping { poller.mapping }

    func run() async {
        var backoff = Backoff()
        while !Task.isCancelled {
            let batch: [SQSMessage]
            do {
                batch = try await collectBatch()
                backoff.reset()
            } catch {
                if Task.isCancelled { return }
                await poller.report(problem: error)
                guard await backoff.wait() else { return }
                continue
            }
            if batch.isEmpty {
                if retire() { return }
                continue
            }
            // A full batch means more is waiting: one more worker, if the cap allows.
            if batch.count >= mapping.batchSize { scaleUp.yield() }
            let throttled = await process(batch)
            if throttled {
                if retire() { return }
                guard await backoff.wait() else { return }
            }
        }
    }

    /// Leaves if more than the floor's workers go on.
    private func retire() -> Bool {
        workers.count.withLock { count in
            guard count > max(floor, 1) else { return false }
            count -= 1
            return true
        }
    }

    /// Receives until the batch plan says to invoke (the first long poll waits up to `firstWaitSeconds` for
    /// anything).
    func collectBatch(firstWaitSeconds: Int = SQSBatchPlan.longPollSeconds) async throws -> [SQSMessage] {
        let plan = SQSBatchPlan(
            batchSize: mapping.batchSize, windowSeconds: mapping.maximumBatchingWindowInSeconds,
            firstWaitSeconds: firstWaitSeconds)
        var batch: [SQSMessage] = []
        var seen: Set<String> = []
        var bytes = 0
        var firstAt: ContinuousClock.Instant?
        while let receive = plan.next(
            collected: batch.count, bytes: bytes,
            elapsedSeconds: firstAt.map { Self.seconds(ContinuousClock.now - $0) } ?? 0)
        {
            let messages: [SQSMessage]
            do {
                messages = try await client.receive(
                    queueURL, maximum: receive.maximum, waitSeconds: receive.waitSeconds)
            } catch where !batch.isEmpty {
                // What was received already counts a receive at SQS: it is invoked now rather than dropped (it would
                // come back only after its visibility timeout, one receive closer to the dead-letter queue).
                await poller.report(problem: error)
                return batch
            }
            if messages.isEmpty && batch.isEmpty { return [] }
            for message in messages where seen.insert(message.MessageId).inserted {
                batch.append(message)
                bytes += message.Body.utf8.count
            }
            if firstAt == nil { firstAt = .now }
            if Task.isCancelled { break }
        }
        return batch
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Filters, invokes and deletes. Returns whether the invocation was throttled (the batch is left for later).
    func process(_ batch: [SQSMessage]) async -> Bool {
        let records = batch.map { SQSEventRecord($0, eventSourceArn: mapping.eventSourceArn, region: queue.region) }
        // The oldest message's age when its batch is taken: how far behind the queue the mapping is.
        if let oldest = batch.compactMap({ $0.Attributes?["SentTimestamp"].flatMap(Double.init) }).min() {
            poller.mappings.recordLag(mapping.uuid, seconds: Date().timeIntervalSince1970 - oldest / 1000)
        }
        let filters = mapping.filters
        let passing = records.filter { FilterPattern.passes($0.filterView, filters: filters) }
        let dropped = records.filter { record in !passing.contains { $0.messageId == record.messageId } }
        if !dropped.isEmpty {
            // Lambda deletes the messages its filters drop: they would otherwise come back forever.
            await delete(dropped)
        }
        guard !passing.isEmpty else { return false }
        do {
            let response = try await poller.invoker.invoke(mapping, payload: try SQSEvent.payload(passing))
            if Task.isCancelled { return false }
            if response.functionError != nil {
                let detail = response.errorType.map { " (\($0))" } ?? ""
                await poller.mappings.report(mapping.uuid, result: "PROBLEM: Function call failed\(detail)")
                return false
            }
            let outcome = SQSBatchOutcome.fromResponse(
                Data(response.payload.readableBytesView), batch: Set(passing.map(\.messageId)),
                reportsItemFailures: mapping.reportsBatchItemFailures)
            switch outcome {
            case .succeeded:
                await delete(passing)
                await poller.mappings.report(mapping.uuid, result: "OK")
            case .partial(let failed):
                await delete(passing.filter { !failed.contains($0.messageId) })
                await poller.mappings.report(mapping.uuid, result: "OK")
            case .failed(let reason):
                await poller.mappings.report(mapping.uuid, result: "PROBLEM: Invalid batch response: \(reason)")
            }
            return false
        } catch let error as LambError where error.isThrottle {
            await poller.report(problem: error)
            return true
        } catch MappingInvoker.Failure.functionGone {
            await poller.mappings.report(mapping.uuid, result: "PROBLEM: Function not found")
            return true
        } catch {
            await poller.report(problem: error)
            return false
        }
    }

    private func delete(_ records: [SQSEventRecord]) async {
        guard !records.isEmpty else { return }
        do {
            let failed = try await client.deleteBatch(queueURL, receiptHandles: records.map(\.receiptHandle))
            if !failed.isEmpty {
                await poller.mappings.report(
                    mapping.uuid, result: "PROBLEM: SQS did not delete \(failed.count) processed messages")
            }
        } catch {
            await poller.report(problem: error)
        }
    }
}

/// How many workers a poller runs (shared by them: a class, since a `Mutex` cannot be copied).
final class WorkerCount: Sendable {
    let count: Mutex<Int>

    init(_ initial: Int) { count = Mutex(initial) }
}
