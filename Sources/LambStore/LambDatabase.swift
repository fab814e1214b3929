import Foundation
import GRDB
import LambCore
import Synchronization

/// Lamb's SQLite database: the durable record of functions (and later versions, aliases, queued events).
///
/// Every schema change is a named migration; existing data dirs are migrated on start.
public final class LambDatabase: Sendable {
    let writer: any DatabaseWriter
    /// See ``deliverDestinations(to:)``.
    let deliveredServices = Mutex<Set<String>>([])
    /// Yields after destination messages were committed: wakes the relay that delivers them.
    public let destinationWrites = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL keeps readers off the writer's way; NORMAL sync is crash-safe in WAL mode (a committed
            // transaction survives a crash of Lamb; only a power loss may lose the last one).
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        writer = pool
        try Self.migrator.migrate(pool)
    }

    /// An in-memory database, for tests.
    public init() throws {
        let queue = try DatabaseQueue()
        writer = queue
        try Self.migrator.migrate(queue)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-functions") { db in
            try db.create(table: "function") { t in
                t.primaryKey("name", .text)
                t.column("record", .blob).notNull()
                t.column("createdAt", .double).notNull()
            }
        }
        migrator.registerMigration("v2-layer-versions") { db in
            // A deleted version keeps its row (functions that use it keep working, and its number is never
            // reused); `deleted` hides it from the API.
            try db.create(table: "layerVersion") { t in
                t.column("name", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("record", .blob).notNull()
                t.column("deleted", .boolean).notNull().defaults(to: false)
                t.primaryKey(["name", "version"])
            }
        }
        registerAsyncInvocationMigrations(&migrator)
        registerVersionMigrations(&migrator)
        registerFunctionURLMigrations(&migrator)
        registerScheduleMigrations(&migrator)
        registerEventSourceMappingMigrations(&migrator)
        registerStreamCheckpointMigrations(&migrator)
        registerDestinationDeliveryMigrations(&migrator)
        registerLogGroupMigrations(&migrator)
        registerInvocationHistoryMigrations(&migrator)
        registerResourcePolicyMigrations(&migrator)
        registerLayerPolicyMigrations(&migrator)
        registerCodeSigningMigrations(&migrator)
        registerFunctionConfigMigrations(&migrator)
        registerAsyncEventOriginMigration(&migrator)
        return migrator
    }
}
