import Foundation

/// The paging of `GetLogEvents` over one stream's events (in the order they were written, within the request's
/// time range): CloudWatch's forward (`f/...`) and backward (`b/...`) tokens.
///
/// A token holds a logical byte offset in the function's log file (a stream is one environment's, so one
/// function's): `f/N` reads the events at N and after, `b/N` the events before N. Offsets do not move when events are
/// appended or old ones pruned, so a token stays good. Reading past the end answers no events and the same forward
/// token again, which is how clients (botocore's `stop_on_same_token`, `aws logs get-log-events` loops) know they
/// are caught up; events appended later are then read with that same token.
public enum LogEventsToken: Equatable, Sendable {
    case forward(UInt64)
    case backward(UInt64)

    /// `f/<56 digits>/s`, the shape CloudWatch's tokens have.
    public var text: String {
        switch self {
        case .forward(let offset): "f/\(Self.digits(offset))/s"
        case .backward(let offset): "b/\(Self.digits(offset))/s"
        }
    }

    private static func digits(_ offset: UInt64) -> String {
        let number = String(offset)
        return String(repeating: "0", count: max(0, 56 - number.count)) + number
    }

    /// Parses a token this paging made; `nil` for anything else.
    public init?(_ text: String) {
        var parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[2] == "s" { parts.removeLast() }
        guard parts.count == 2, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let offset = UInt64(parts[1])
        else { return nil }
        switch parts[0] {
        case "f": self = .forward(offset)
        case "b": self = .backward(offset)
        default: return nil
        }
    }
}

/// One `GetLogEvents` answer: which of the stream's events, and the tokens to go on from.
public struct LogEventsPage: Equatable, Sendable {
    /// Indices into the offsets the page was selected from.
    public var range: Range<Int>
    public var nextForwardToken: LogEventsToken
    public var nextBackwardToken: LogEventsToken

    /// The page a request asks for, from the ascending offsets of the stream's events. Without a token,
    /// `startFromHead` reads from the oldest event on, otherwise the newest `limit` events; a token reads on in its
    /// own direction.
    public static func select(offsets: [UInt64], limit: Int, startFromHead: Bool, token: LogEventsToken?)
        -> LogEventsPage
    {
        let limit = max(1, limit)
        let count = offsets.count
        /// The first index whose offset is at `offset` or after.
        func index(from offset: UInt64) -> Int {
            var low = 0
            var high = count
            while low < high {
                let middle = (low + high) / 2
                if offsets[middle] < offset { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let range: Range<Int>
        switch token {
        case .forward(let offset)?:
            let start = index(from: offset)
            range = start..<min(count, start + limit)
            // Nothing new: the very token the client sent.
            if range.isEmpty {
                return LogEventsPage(range: range, forward: .forward(offset), backward: .backward(offset))
            }
        case .backward(let offset)?:
            let end = index(from: offset)
            range = max(0, end - limit)..<end
            if range.isEmpty {
                return LogEventsPage(range: range, forward: .forward(offset), backward: .backward(offset))
            }
        case nil where startFromHead:
            range = 0..<min(count, limit)
        case nil:
            range = max(0, count - limit)..<count
        }
        guard let first = range.first, let last = range.last else {
            return LogEventsPage(range: range, forward: .forward(0), backward: .backward(0))
        }
        return LogEventsPage(range: range, forward: .forward(offsets[last] + 1), backward: .backward(offsets[first]))
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
