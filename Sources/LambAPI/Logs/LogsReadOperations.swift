import Foundation
import LambCore

/// The reading operations of CloudWatch Logs: `DescribeLogGroups`, `DescribeLogStreams`, `GetLogEvents`,
/// `FilterLogEvents`.
struct LogsReadOperations: Sendable {
    let groups: LogGroups

    func describeLogGroups(_ input: LogsJSON.DescribeLogGroupsInput) async throws -> LogsJSON.DescribeLogGroupsOutput {
        if input.logGroupNamePrefix != nil, input.logGroupNamePattern != nil {
            throw LogsServiceError.invalidParameter(
                "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
        }
        let limit = try Self.limit(input.limit, maximum: 50, default: 50)
        var found = try await groups.all()
        if let prefix = input.logGroupNamePrefix { found = found.filter { $0.name.hasPrefix(prefix) } }
        if let pattern = input.logGroupNamePattern, !pattern.isEmpty {
            found = found.filter { $0.name.contains(pattern) }
        }
        if let identifiers = input.logGroupIdentifiers {
            let names = Set(identifiers.map(LogGroups.name(fromIdentifier:)))
            found = found.filter { names.contains($0.name) }
        }
        let (page, next) = try Self.page(found, limit: limit, token: input.nextToken)
        // A pattern narrows the answer to the ARN, the name and the creation time, as CloudWatch does.
        let brief = input.logGroupNamePattern != nil
        let logGroups = page.map { group -> LogsJSON.LogGroup in
            let arn = groups.arn(group.name)
            return LogsJSON.LogGroup(
                logGroupName: group.name, creationTime: groups.creationTime(group),
                retentionInDays: brief ? nil : group.settings?.retentionInDays, metricFilterCount: brief ? nil : 0,
                arn: arn + ":*", storedBytes: brief ? nil : groups.storedBytes(group),
                logGroupClass: brief ? nil : "STANDARD", logGroupArn: brief ? nil : arn)
        }
        return LogsJSON.DescribeLogGroupsOutput(logGroups: logGroups, nextToken: next)
    }

    func describeLogStreams(_ input: LogsJSON.DescribeLogStreamsInput) async throws
        -> LogsJSON.DescribeLogStreamsOutput
    {
        let group = try await groups.identified(name: input.logGroupName, identifier: input.logGroupIdentifier)
        let limit = try Self.limit(input.limit, maximum: 50, default: 50)
        let byTime: Bool
        switch input.orderBy ?? "LogStreamName" {
        case "LogStreamName": byTime = false
        case "LastEventTime": byTime = true
        default:
            throw LogsServiceError.invalidParameter(
                "1 validation error detected: Value '\(input.orderBy ?? "")' at 'orderBy' failed to satisfy constraint:"
                    + " Member must satisfy enum value set: [LogStreamName, LastEventTime]")
        }
        if byTime, input.logStreamNamePrefix != nil {
            throw LogsServiceError.invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.")
        }
        var streams: [String: (first: Int64, last: Int64)] = [:]
        for item in groups.events(of: group) {
            let ts = item.event.timestamp
            let known = streams[item.event.logStreamName] ?? (ts, ts)
            streams[item.event.logStreamName] = (min(known.first, ts), max(known.last, ts))
        }
        var names = streams.keys.filter { input.logStreamNamePrefix.map($0.hasPrefix) ?? true }
        names.sort { a, b in
            if byTime, streams[a]!.last != streams[b]!.last { return streams[a]!.last < streams[b]!.last }
            return a < b
        }
        if input.descending == true { names.reverse() }
        let (page, next) = try Self.page(names, limit: limit, token: input.nextToken)
        let groupArn = groups.arn(group.name)
        return LogsJSON.DescribeLogStreamsOutput(
            logStreams: page.map { name in
                let (first, last) = streams[name]!
                return LogsJSON.LogStream(
                    logStreamName: name, creationTime: first, firstEventTimestamp: first, lastEventTimestamp: last,
                    lastIngestionTime: last, arn: "\(groupArn):log-stream:\(name)", storedBytes: 0)
            }, nextToken: next)
    }

    func getLogEvents(_ input: LogsJSON.GetLogEventsInput) async throws -> LogsJSON.GetLogEventsOutput {
        guard let stream = input.logStreamName else {
            throw LogsServiceError.invalidParameter("logStreamName is required.")
        }
        let group = try await groups.identified(name: input.logGroupName, identifier: input.logGroupIdentifier)
        let limit = try Self.limit(input.limit, maximum: 10_000, default: 10_000)
        var token: LogEventsToken?
        if let text = input.nextToken {
            guard let parsed = LogEventsToken(text) else { throw LogsServiceError.invalidNextToken }
            token = parsed
        }
        let all = groups.events(of: group).filter { $0.event.logStreamName == stream }
        // A stream exists while it holds events (Lamb keeps no other record of streams).
        guard !all.isEmpty else { throw LogsServiceError.streamNotFound }
        let events = all.filter { item in
            input.startTime.map { item.event.timestamp >= $0 } ?? true
                && input.endTime.map { item.event.timestamp < $0 } ?? true
        }
        let page = LogEventsPage.select(
            offsets: events.map(\.offset), limit: limit, startFromHead: input.startFromHead ?? false, token: token)
        return LogsJSON.GetLogEventsOutput(
            events: events[page.range].map {
                LogsJSON.OutputLogEvent(
                    timestamp: $0.event.timestamp, message: $0.event.message, ingestionTime: $0.event.timestamp)
            },
            nextForwardToken: page.nextForwardToken.text, nextBackwardToken: page.nextBackwardToken.text)
    }

    func filterLogEvents(_ input: LogsJSON.FilterLogEventsInput) async throws -> LogsJSON.FilterLogEventsOutput {
        if input.logStreamNames != nil, input.logStreamNamePrefix != nil {
            throw LogsServiceError.invalidParameter(
                "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.")
        }
        let group = try await groups.identified(name: input.logGroupName, identifier: input.logGroupIdentifier)
        let limit = try Self.limit(input.limit, maximum: 10_000, default: 10_000)
        let pattern = try LogFilterPattern(input.filterPattern ?? "")
        var cursor: FilterLogEventsCursor?
        if let text = input.nextToken {
            guard let parsed = FilterLogEventsCursor(text) else { throw LogsServiceError.invalidNextToken }
            cursor = parsed
        }
        let streamNames = input.logStreamNames.map(Set.init)
        var searched = Set<String>()
        var matching: [LogGroups.Event] = []
        for item in groups.events(of: group) {
            let event = item.event
            if let streamNames, !streamNames.contains(event.logStreamName) { continue }
            if let prefix = input.logStreamNamePrefix, !event.logStreamName.hasPrefix(prefix) { continue }
            if let start = input.startTime, event.timestamp < start { continue }
            if let end = input.endTime, event.timestamp > end { continue }
            searched.insert(event.logStreamName)
            if let cursor, !cursor.precedes(timestamp: event.timestamp, eventId: item.eventId) { continue }
            if pattern.matches(event.message) { matching.append(item) }
        }
        // Interleaved, as CloudWatch always answers now: by time across streams.
        matching.sort { ($0.event.timestamp, $0.eventId) < ($1.event.timestamp, $1.eventId) }
        let page = matching.prefix(limit)
        let next = matching.count > limit ? page.last : nil
        return LogsJSON.FilterLogEventsOutput(
            events: page.map {
                LogsJSON.FilteredLogEvent(
                    logStreamName: $0.event.logStreamName, timestamp: $0.event.timestamp, message: $0.event.message,
                    ingestionTime: $0.event.timestamp, eventId: $0.eventId)
            },
            searchedLogStreams: searched.sorted().map {
                LogsJSON.SearchedLogStream(logStreamName: $0, searchedCompletely: true)
            },
            nextToken: next.map { FilterLogEventsCursor(timestamp: $0.event.timestamp, eventId: $0.eventId).text })
    }

    /// A request's `limit`, checked against the operation's range.
    static func limit(_ value: Int?, maximum: Int, default fallback: Int) throws -> Int {
        guard let value else { return fallback }
        guard (1...maximum).contains(value) else {
            throw LogsServiceError.invalidParameter(
                "1 validation error detected: Value '\(value)' at 'limit' failed to satisfy constraint: Member must"
                    + " have value \(value < 1 ? "greater than or equal to 1" : "less than or equal to \(maximum)")")
        }
        return value
    }

    /// One page of a listing and the token of the next (the position it starts at), `nil` after the last.
    static func page<T>(_ items: [T], limit: Int, token: String?) throws -> ([T], String?) {
        var start = 0
        if let token {
            guard let position = Int(token), position >= 0 else { throw LogsServiceError.invalidNextToken }
            start = min(position, items.count)
        }
        let end = min(items.count, start + limit)
        return (Array(items[start..<end]), end < items.count ? String(end) : nil)
    }
}
