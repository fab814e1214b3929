import Foundation
import LambAWS
import LambCore
import Synchronization

/// One enabled SQS mapping's polling. It never deletes a message before the function has succeeded with it, so a
/// crash (or `kill -9`) leaves the batch to come back after the queue's visibility timeout.
///
/// A standard queue is read by workers that each receive a batch, invoke the function and delete what succeeded, as
/// Lambda's pollers scale: five to start (fewer under a lower cap), one more for each batch that comes back full (a
/// backlog), down to two again as long polls come back empty (five when `MaximumConcurrency` is set: Lambda skips
/// that optimisation then). A FIFO queue is read by one receiver whose batches run side by side as long as they
/// share no message group (``SQSPollerWorker/runFIFO(cap:)``).
struct SQSPoller: Sendable {
    let mapping: EventSourceMapping
    let endpoint: URL
    let credentials: AWSCredentials?
    let mappings: EventSourceMappings
    let invoker: MappingInvoker

    func run() async {
        guard let queue = SQSQueueArn(mapping.eventSourceArn) else { return }
        let client = SQSClient(endpoint: endpoint, region: queue.region, credentials: credentials)
        guard let queueURL = await resolveQueueURL(client, queue) else { return }
        await mappings.report(
            mapping.uuid, state: mapping.settledState, reason: "USER_INITIATED",
            result: mapping.lastProcessingResult ?? "No records processed")
        let cap = invoker.concurrencyCap(mapping)
        let scaling = SQSPollerScaling(cap: cap, maximumConcurrencySet: mapping.maximumConcurrency != nil)
        let workers = WorkerCount(scaling.initial)
        let (scaleRequests, scaleUp) = AsyncStream.makeStream(of: Void.self)
        let worker = SQSPollerWorker(
            poller: self, client: client, queue: queue, queueURL: queueURL, workers: workers, floor: scaling.floor,
            scaleUp: scaleUp)
        if queue.isFIFO {
            await worker.runFIFO(cap: cap)
            return
        }
        await withDiscardingTaskGroup { group in
            for _ in 0..<scaling.initial { group.addTask { await worker.run() } }
            for await _ in scaleRequests {
                let added = workers.count.withLock { count in
                    guard count < cap else { return false }
                    count += 1
                    return true
                }
                if added { group.addTask { await worker.run() } }
            }
            group.cancelAll()
        }
    }

    /// GetQueueUrl from the ARN, retried with backoff while the endpoint cannot be reached or answers an error.
    private func resolveQueueURL(_ client: SQSClient, _ queue: SQSQueueArn) async -> String? {
        var backoff = Backoff()
        while !Task.isCancelled {
            do {
                return try await client.queueURL(for: queue)
            } catch {
                await report(problem: error)
                guard await backoff.wait() else { return nil }
            }
        }
        return nil
    }

    func report(problem error: any Error) async {
        await mappings.report(problem: error, of: mapping.uuid, service: "SQS")
    }
}

/// Exponential backoff, 1 s doubling to 30 s; `wait()` is `false` once the task is cancelled.
struct Backoff {
    var seconds = 1.0

    mutating func wait() async -> Bool {
        let delay = seconds
        seconds = min(seconds * 2, 30)
        do {
            try await Task.sleep(for: .seconds(delay))
            return true
        } catch {
            return false
        }
    }

    mutating func reset() { seconds = 1 }
}

/// How many workers read a standard queue: Lambda starts five batches at a time and, when traffic is low, goes back
/// to five and then as few as two (not with `MaximumConcurrency`), never more than the mapping's cap.
struct SQSPollerScaling: Equatable {
    let initial: Int
    let floor: Int

    init(cap: Int, maximumConcurrencySet: Bool) {
        initial = min(5, cap)
        floor = min(maximumConcurrencySet ? 5 : 2, cap)
    }
}
