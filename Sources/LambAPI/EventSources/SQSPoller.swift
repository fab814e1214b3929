import Foundation
import LambAWS
import LambCore
import Synchronization

/// One enabled SQS mapping's polling: workers that each receive a batch, invoke the function and delete what
/// succeeded. It starts with one worker; a worker that fills its batch (a backlog) adds one, up to the mapping's
/// cap; a worker whose long poll comes back empty retires unless it is the last. It never deletes a message before
/// the function has succeeded with it, so a crash (or `kill -9`) leaves the batch to come back after the
/// queue's visibility timeout.
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
        // A FIFO queue keeps one batch in flight, so a group's next batch never overtakes the one before, even on
        // endpoints whose group locking races concurrent long polls (moto's does). Lambda runs one batch per group
        // at a time; across groups Lamb is more serial than Lambda here.
        let cap = queue.isFIFO ? 1 : invoker.concurrencyCap(mapping)
        let workers = WorkerCount()
        let (scaleRequests, scaleUp) = AsyncStream.makeStream(of: Void.self)
        await withDiscardingTaskGroup { group in
            let worker = SQSPollerWorker(
                poller: self, client: client, queue: queue, queueURL: queueURL, workers: workers, scaleUp: scaleUp)
            group.addTask { await worker.run() }
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
