import Foundation
import GRDB
import LambCore

/// Rows of `destinationMessage`: the local sinks that stand in for SQS, SNS, EventBridge and S3 targets.
extension LambDatabase {
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
            for message in messages { try Self.insert(message, db) }
        }
    }

    static func insert(_ m: DestinationMessage, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO destinationMessage (target, kind, timestamp, function, requestId, condition, body, attributes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                m.target, m.kind.rawValue, m.timestamp.timeIntervalSince1970, m.function, m.requestId, m.condition,
                m.body, try encoder.encode(m.attributes),
            ])
    }

    static func message(from row: Row) throws -> DestinationMessage {
        DestinationMessage(
            id: row["id"], target: row["target"],
            kind: DestinationMessage.Kind(rawValue: row["kind"]) ?? .onFailure,
            timestamp: Date(timeIntervalSince1970: row["timestamp"]), function: row["function"],
            requestId: row["requestId"], condition: row["condition"], body: row["body"],
            attributes: try decoder.decode([String: String].self, from: row["attributes"] as Data))
    }
}
