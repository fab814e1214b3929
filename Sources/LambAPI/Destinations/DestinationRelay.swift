import Foundation
import LambAWS
import LambCore
import LambStore
import Logging
import ServiceLifecycle

/// Delivers the destination messages that are pending (those whose service has an endpoint) to SQS, SNS,
/// EventBridge or S3. The store is the outbox: a message stays pending until the service took it, so a failure or
/// a restart of Lamb delays a delivery but never loses one (at-least-once: a kill between the send and the record
/// sends it again). A failed delivery is retried with a backoff, 1 s doubling to 5 minutes, for as long as Lamb runs;
/// its error and attempts show in `lamb destinations`.
struct DestinationRelay: Service {
    let database: LambDatabase
    let sender: DestinationSender
    let logger: Logger

    /// How often pending messages are looked at when no new one woke the relay (for retries that come due).
    static let idleInterval: Duration = .seconds(1)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
                group.addTask {
                    for await _ in database.destinationWrites.stream { wake.yield() }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: Self.idleInterval)
                        wake.yield()
                    }
                }
                wake.yield()
                for await _ in wakes {
                    if Task.isCancelled { break }
                    await deliverDue()
                }
                group.cancelAll()
            }
        }
    }

    /// One pass over the pending messages whose retry is due.
    private func deliverDue() async {
        let pending: [DestinationMessage]
        do {
            pending = try await database.pendingDeliveries(limit: 500)
        } catch {
            logger.error("could not read pending destination messages", metadata: ["error": "\(error)"])
            return
        }
        let now = Date()
        for message in pending where Self.isDue(message, now: now) {
            if Task.isCancelled { return }
            await deliver(message)
        }
    }

    static func isDue(_ message: DestinationMessage, now: Date) -> Bool {
        guard let last = message.delivery.at else { return true }
        return now.timeIntervalSince(last) >= DestinationDelivery.retryDelay(attempts: message.delivery.attempts)
    }

    private func deliver(_ message: DestinationMessage) async {
        var failure: String?
        do {
            try await sender.send(message)
        } catch is CancellationError {
            return
        } catch {
            failure = "\(error)"
        }
        if let failure {
            logger.warning(
                "destination delivery failed; it will be retried",
                metadata: [
                    "target": "\(message.target)", "request.id": "\(message.requestId)",
                    "attempts": "\(message.delivery.attempts + 1)", "error": "\(failure)",
                ])
        }
        do {
            try await database.recordDelivery(id: message.id, delivered: failure == nil, error: failure, at: Date())
        } catch {
            logger.error("could not record a destination delivery", metadata: ["error": "\(error)"])
        }
    }
}
