import Foundation
import GRDB
import LambCore
import Synchronization

/// Rows of `destinationMessage`: the local sinks that stand in for SQS, SNS, EventBridge and S3 targets, and the
/// outbox of messages on their way to a configured endpoint. A message is written in the transaction that ends its
/// event, so it is never lost between the two; the relay marks it delivered once the service has taken it.
extension LambDatabase {
    static func registerDestinationDeliveryMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-destination-delivery") { db in
            // Messages written before stayed local: they are not sent on now.
            try db.alter(table: "destinationMessage") { t in
                t.add(column: "delivery", .text).notNull().defaults(to: "local")
                t.add(column: "deliveryAttempts", .integer).notNull().defaults(to: 0)
                t.add(column: "deliveryError", .text)
                t.add(column: "deliveryAt", .double)
            }
            try db.execute(
                sql: "CREATE INDEX destinationMessagePending ON destinationMessage (id) WHERE delivery = 'pending'")
        }
    }

    /// Messages for these services (`sqs`, `sns`, `events`, `s3`) are written as pending delivery; others stay in
    /// the local sink. Set once at start-up from the configured endpoints.
    public func deliverDestinations(to services: Set<String>) {
        deliveredServices.withLock { $0 = services }
    }

    /// Messages after position `after` (exclusive), oldest first, of one target or all.
    public func destinationMessages(target: String?, after: Int64, limit: Int) async throws -> [DestinationMessage] {
        try await writer.read { db in
            let filter = target == nil ? "" : "AND target = ?"
            var arguments: StatementArguments = [after]
            if let target { arguments += [target] }
            arguments += [limit]
            return try Row.fetchAll(
                db, sql: "SELECT * FROM destinationMessage WHERE id > ? \(filter) ORDER BY id LIMIT ?",
                arguments: arguments
            ).map(Self.message(from:))
        }
    }

    /// Appends messages to the sinks in one transaction (an event source mapping's OnFailure records).
    public func appendDestinationMessages(_ messages: [DestinationMessage]) async throws {
        try await writer.write { db in
            for message in messages { try self.insert(message, db) }
        }
        if !messages.isEmpty { destinationWrites.continuation.yield() }
    }

    /// Messages waiting for delivery, oldest first.
    public func pendingDeliveries(limit: Int) async throws -> [DestinationMessage] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM destinationMessage WHERE delivery = 'pending' ORDER BY id LIMIT ?",
                arguments: [limit]
            ).map(Self.message(from:))
        }
    }

    /// Records a delivery attempt: delivered, or still pending with the error.
    public func recordDelivery(id: Int64, delivered: Bool, error: String?, at: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE destinationMessage SET delivery = ?, deliveryAttempts = deliveryAttempts + 1,
                        deliveryError = ?, deliveryAt = ?
                    WHERE id = ?
                    """,
                arguments: [delivered ? "delivered" : "pending", error, at.timeIntervalSince1970, id])
        }
    }

    func insert(_ m: DestinationMessage, _ db: Database) throws {
        let delivery = deliveredServices.withLock { $0.contains(m.targetService) } ? "pending" : "local"
        try db.execute(
            sql: """
                INSERT INTO destinationMessage
                    (target, kind, timestamp, function, requestId, condition, body, attributes, delivery)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                m.target, m.kind.rawValue, m.timestamp.timeIntervalSince1970, m.function, m.requestId, m.condition,
                m.body, try Self.encoder.encode(m.attributes), delivery,
            ])
    }

    static func message(from row: Row) throws -> DestinationMessage {
        DestinationMessage(
            id: row["id"], target: row["target"],
            kind: DestinationMessage.Kind(rawValue: row["kind"]) ?? .onFailure,
            timestamp: Date(timeIntervalSince1970: row["timestamp"]), function: row["function"],
            requestId: row["requestId"], condition: row["condition"], body: row["body"],
            attributes: try decoder.decode([String: String].self, from: row["attributes"] as Data),
            delivery: DestinationMessage.Delivery(
                state: DestinationMessage.Delivery.State(rawValue: row["delivery"]) ?? .local,
                attempts: row["deliveryAttempts"], lastError: row["deliveryError"],
                at: (row["deliveryAt"] as Double?).map(Date.init(timeIntervalSince1970:))))
    }
}
