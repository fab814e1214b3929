import Foundation
import LambCore
import LambEngine
import LambStore
import Synchronization

/// CloudWatch Logs' log groups over Lamb's function log files.
///
/// A function writes to `/aws/lambda/<name>` (or its `LoggingConfig.LogGroup`; several functions may share one).
/// As with Lambda, a group comes into being with the function's first log line, and outlives the function. A group
/// may also exist with no events: made by `CreateLogGroup`, or kept because it has a retention or tags (a row of
/// `logGroup`). `DeleteLogGroup` removes both the row and the events of the group's functions.
final class LogGroups: Sendable {
    struct Group: Sendable {
        var name: String
        /// The functions whose log files hold this group's events, sorted.
        var functions: [String]
        var settings: LogGroupSettings?
    }

    /// An event of a group with the function whose file holds it, its logical offset there, and its `eventId`.
    struct Event: Sendable {
        var event: LogEvent
        var function: String
        var offset: UInt64
        var eventId: String
    }

    let registry: FunctionRegistry
    let archive: FunctionLogArchive
    let database: LambDatabase
    let account: AccountContext
    /// When each function's file was last pruned to its group's retention.
    private let pruned = Mutex([String: Date]())
    private static let pruneInterval: TimeInterval = 3600

    init(registry: FunctionRegistry) {
        self.registry = registry
        archive = registry.engine.logs
        database = registry.database
        account = registry.account
    }

    /// Every group, sorted by name.
    func all() async throws -> [Group] {
        var groups: [String: Group] = [:]
        for settings in try await database.logGroupSettings() {
            groups[settings.name] = Group(name: settings.name, functions: [], settings: settings)
        }
        for function in archive.functionsWithLogs() {
            let name = groupName(of: function)
            groups[name, default: Group(name: name, functions: [], settings: nil)].functions.append(function)
        }
        return groups.values.sorted { $0.name < $1.name }
    }

    /// The group of that name, or `ResourceNotFoundException`.
    func named(_ name: String) async throws -> Group {
        guard let group = try await all().first(where: { $0.name == name }) else {
            throw LogsServiceError.groupNotFound
        }
        return group
    }

    /// The group a request names by `logGroupName` or `logGroupIdentifier` (a name or an ARN), exactly one of them.
    func identified(name: String?, identifier: String?) async throws -> Group {
        switch (name, identifier) {
        case (let name?, nil): return try await named(name)
        case (nil, let identifier?): return try await named(Self.name(fromIdentifier: identifier))
        case (.some, .some):
            throw LogsServiceError.invalidParameter(
                "LogGroup name and LogGroup ARN are mutually exclusive parameters.")
        case (nil, nil):
            throw LogsServiceError.invalidParameter("Should provide either logGroupName or logGroupIdentifier.")
        }
    }

    /// `arn:aws:logs:<region>:<account>:log-group:<name>[:*]` to `<name>`; anything else is a name already.
    static func name(fromIdentifier identifier: String) -> String {
        guard identifier.hasPrefix("arn:"), let range = identifier.range(of: ":log-group:") else { return identifier }
        var name = identifier[range.upperBound...]
        if name.hasSuffix(":*") { name = name.dropLast(2) }
        return String(name)
    }

    func groupName(of function: String) -> String {
        registry.function(named: function)?.latest.settings.logGroup ?? account.logGroupName(function)
    }

    /// `arn:aws:logs:<region>:<account>:log-group:<name>` (the `logGroupArn`; `arn` adds `:*`).
    func arn(_ group: String) -> String { "arn:aws:logs:\(account.region):\(account.accountId):log-group:\(group)" }

    /// When the group was made: its row's time, else its oldest event's.
    func creationTime(_ group: Group) -> Int64 {
        if let settings = group.settings { return Int64(settings.createdAt.timeIntervalSince1970 * 1000) }
        let oldest = group.functions.compactMap { archive.firstTimestamp(function: $0) }.min()
        return oldest ?? Int64(Date().timeIntervalSince1970 * 1000)
    }

    func storedBytes(_ group: Group) -> Int {
        group.functions.reduce(0) { $0 + archive.storedBytes(function: $1) }
    }

    /// The group's events, function by function in file order, without those its retention has expired. Files are
    /// pruned to the retention at most once an hour.
    func events(of group: Group, now: Date = Date()) -> [Event] {
        let oldest = group.settings?.oldestKept(now: now)
        var events: [Event] = []
        for function in group.functions {
            if let oldest { pruneIfDue(function, olderThan: oldest, now: now) }
            for stored in archive.storedEvents(function: function)
            where oldest.map({ stored.event.timestamp >= $0 }) ?? true {
                events.append(
                    Event(
                        event: stored.event, function: function, offset: stored.offset,
                        eventId: LogEventId.make(function: function, offset: stored.offset)))
            }
        }
        return events
    }

    /// Prunes a function's file now (a retention was just set).
    func prune(_ group: Group, now: Date = Date()) {
        guard let oldest = group.settings?.oldestKept(now: now) else { return }
        for function in group.functions {
            archive.prune(function: function, olderThan: oldest)
            pruned.withLock { $0[function] = now }
        }
    }

    private func pruneIfDue(_ function: String, olderThan oldest: Int64, now: Date) {
        let due = pruned.withLock { pruned -> Bool in
            if let last = pruned[function], now.timeIntervalSince(last) < Self.pruneInterval { return false }
            pruned[function] = now
            return true
        }
        if due { archive.prune(function: function, olderThan: oldest) }
    }

    /// Settings of a group, made for it when it has none yet.
    func settings(of group: Group) -> LogGroupSettings {
        group.settings
            ?? LogGroupSettings(
                name: group.name,
                createdAt: Date(timeIntervalSince1970: Double(creationTime(group)) / 1000))
    }

    /// Removes the group: its row and its functions' events.
    func delete(_ group: Group) async throws {
        try await database.deleteLogGroupSettings(named: group.name)
        for function in group.functions { archive.delete(function: function) }
    }
}
