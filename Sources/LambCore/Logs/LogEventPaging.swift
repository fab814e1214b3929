import Foundation

/// The paging of `GetLogEvents` over one stream's events (in the order they were written, within the request's
/// time range): CloudWatch's forward (`f/...`) and backward (`b/...`) tokens.
///
/// A token names a position between events: `f/N` reads the events from position N on, `b/N` the events before
/// it. Reading past the end answers no events and the same forward token again, which is how clients (botocore's
/// `stop_on_same_token`, `aws logs get-log-events` loops) know they are caught up; new events appended later are then
/// read with that same token.
public enum LogEventsToken: Equatable, Sendable {
    case forward(Int)
    case backward(Int)

    /// `f/<56 digits>/s`, the shape CloudWatch's tokens have.
    public var text: String {
        switch self {
        case .forward(let position): "f/\(Self.digits(position))/s"
        case .backward(let position): "b/\(Self.digits(position))/s"
        }
    }

    private static func digits(_ position: Int) -> String {
        let number = String(position)
        return String(repeating: "0", count: max(0, 56 - number.count)) + number
    }

    /// Parses a token this paging made; `nil` for anything else.
    public init?(_ text: String) {
        var parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[2] == "s" { parts.removeLast() }
        guard parts.count == 2, parts[1].allSatisfy(\.isASCII), let position = Int(parts[1]), position >= 0 else {
            return nil
        }
        switch parts[0] {
        case "f": self = .forward(position)
        case "b": self = .backward(position)
        default: return nil
        }
    }
}

/// One `GetLogEvents` answer: which of the stream's events, and the tokens to go on from.
public struct LogEventsPage: Equatable, Sendable {
    public var range: Range<Int>
    public var nextForwardToken: LogEventsToken
    public var nextBackwardToken: LogEventsToken

    /// The page of `count` events a request asks for. Without a token, `startFromHead` reads from the oldest event
    /// on, otherwise the newest `limit` events; a token reads on in its own direction.
    public static func select(count: Int, limit: Int, startFromHead: Bool, token: LogEventsToken?) -> LogEventsPage {
        let limit = max(1, limit)
        switch token {
        case .forward(let position)?:
            let start = min(position, count)
            let end = min(count, start + limit)
            // Nothing new: the very token the client sent.
            if start == end {
                return LogEventsPage(range: start..<end, forward: .forward(position), backward: .backward(start))
            }
            return LogEventsPage(range: start..<end, forward: .forward(end), backward: .backward(start))
        case .backward(let position)?:
            let end = min(position, count)
            let start = max(0, end - limit)
            if start == end {
                return LogEventsPage(range: start..<end, forward: .forward(end), backward: .backward(position))
            }
            return LogEventsPage(range: start..<end, forward: .forward(end), backward: .backward(start))
        case nil where startFromHead:
            let end = min(count, limit)
            return LogEventsPage(range: 0..<end, forward: .forward(end), backward: .backward(0))
        case nil:
            let start = max(0, count - limit)
            return LogEventsPage(range: start..<count, forward: .forward(count), backward: .backward(start))
        }
    }

    init(range: Range<Int>, forward: LogEventsToken, backward: LogEventsToken) {
        self.range = range
        nextForwardToken = forward
        nextBackwardToken = backward
    }
}

/// Where `FilterLogEvents` goes on from: the sort key (timestamp, event id) of the last event it returned. Events
/// are answered in that order, so the next page is every matching event after it, however many were appended since.
public struct FilterLogEventsCursor: Equatable, Sendable {
    public var timestamp: Int64
    public var eventId: String

    public init(timestamp: Int64, eventId: String) {
        self.timestamp = timestamp
        self.eventId = eventId
    }

    public var text: String { "\(timestamp)/\(eventId)" }

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let timestamp = Int64(parts[0]), !parts[1].isEmpty,
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        self.timestamp = timestamp
        eventId = String(parts[1])
    }

    /// Whether an event with this key comes after the cursor.
    public func precedes(timestamp other: Int64, eventId otherId: String) -> Bool {
        (timestamp, eventId) < (other, otherId)
    }
}

/// The `eventId` of a stored event: stable for as long as its line stays where it is in its function's file, and
/// the same width for every event so that ids sort as their numbers do.
public enum LogEventId {
    /// 20 digits from the function's name (two functions may share a log group) and 20 from the line's offset.
    public static func make(function: String, offset: UInt64) -> String {
        pad(String(fnv1a(function))) + pad(String(offset))
    }

    private static func pad(_ digits: String) -> String {
        String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// FNV-1a: a hash that, unlike `Hasher`, is the same in every process.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
