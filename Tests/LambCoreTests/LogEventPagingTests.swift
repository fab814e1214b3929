import Foundation
import LambCore
import Testing

@Suite("CloudWatch Logs paging: GetLogEvents tokens, FilterLogEvents cursors, event ids")
struct LogEventPagingTests {
    @Test("tokens print in CloudWatch's shape and parse back")
    func tokens() {
        let forward = LogEventsToken.forward(42)
        #expect(forward.text.hasPrefix("f/") && forward.text.hasSuffix("/s") && forward.text.count == 60)
        #expect(LogEventsToken(forward.text) == forward)
        #expect(LogEventsToken(LogEventsToken.backward(0).text) == .backward(0))
        #expect(LogEventsToken("b/7") == .backward(7))
        for bad in ["", "x/1/s", "f/-1/s", "f/+1/s", "f/abc/s", "f/1/s/extra", "f/"] {
            #expect(LogEventsToken(bad) == nil)
        }
    }

    /// Seven events whose lines start every 10 bytes from offset 100 (offsets before were pruned).
    static let offsets: [UInt64] = (0..<7).map { 100 + UInt64($0) * 10 }

    @Test("without a token: the newest events, or the oldest from the head")
    func firstPage() {
        let tail = LogEventsPage.select(offsets: Self.offsets, limit: 3, startFromHead: false, token: nil)
        #expect(tail.range == 4..<7)
        #expect(tail.nextForwardToken == .forward(161) && tail.nextBackwardToken == .backward(140))
        let head = LogEventsPage.select(offsets: Self.offsets, limit: 3, startFromHead: true, token: nil)
        #expect(head.range == 0..<3)
        #expect(head.nextForwardToken == .forward(121) && head.nextBackwardToken == .backward(100))
        let empty = LogEventsPage.select(offsets: [], limit: 3, startFromHead: false, token: nil)
        #expect(empty.range.isEmpty && empty.nextForwardToken == .forward(0))
    }

    @Test("forward pages to the end, then the same token again until events are appended")
    func forward() {
        var token = LogEventsToken.forward(0)
        var read: [Int] = []
        while true {
            let page = LogEventsPage.select(offsets: Self.offsets, limit: 3, startFromHead: true, token: token)
            read += Array(page.range)
            if page.nextForwardToken == token {
                #expect(page.range.isEmpty)
                break
            }
            token = page.nextForwardToken
        }
        #expect(read == Array(0..<7))
        let later = LogEventsPage.select(
            offsets: Self.offsets + [170, 180], limit: 3, startFromHead: true, token: token)
        #expect(later.range == 7..<9)
    }

    @Test("backward pages to the start, then the same token again")
    func backward() {
        var token = LogEventsToken.backward(1000)
        var read: [Int] = []
        while true {
            let page = LogEventsPage.select(offsets: Self.offsets, limit: 3, startFromHead: false, token: token)
            read = Array(page.range) + read
            if page.nextBackwardToken == token {
                #expect(page.range.isEmpty)
                break
            }
            token = page.nextBackwardToken
        }
        #expect(read == Array(0..<7))
    }

    @Test("a token keeps naming the same event when older ones are pruned")
    func afterPruning() {
        let token = LogEventsPage.select(offsets: Self.offsets, limit: 3, startFromHead: true, token: nil)
            .nextForwardToken
        let pruned = Array(Self.offsets.dropFirst(2))
        let page = LogEventsPage.select(offsets: pruned, limit: 2, startFromHead: true, token: token)
        #expect(page.range.map { pruned[$0] } == [130, 140])
        // A position whose events are all gone reads from the oldest kept.
        let gone = LogEventsPage.select(offsets: pruned, limit: 1, startFromHead: true, token: .forward(0))
        #expect(gone.range.map { pruned[$0] } == [120])
    }

    @Test("FilterLogEvents cursors order by timestamp, then event id")
    func cursors() {
        let cursor = FilterLogEventsCursor(timestamp: 100, eventId: LogEventId.make(function: "f", offset: 10))
        #expect(FilterLogEventsCursor(cursor.text) == cursor)
        #expect(cursor.precedes(timestamp: 100, eventId: LogEventId.make(function: "f", offset: 11)))
        #expect(!cursor.precedes(timestamp: 100, eventId: LogEventId.make(function: "f", offset: 10)))
        #expect(cursor.precedes(timestamp: 101, eventId: LogEventId.make(function: "f", offset: 0)))
        #expect(!cursor.precedes(timestamp: 99, eventId: LogEventId.make(function: "f", offset: 900)))
        for bad in ["", "1", "x/1", "1/", "1/ab"] { #expect(FilterLogEventsCursor(bad) == nil) }
    }

    @Test("event ids are the same width, stable, and differ between functions sharing a group")
    func eventIds() {
        let a = LogEventId.make(function: "a", offset: 5)
        #expect(a.count == 40 && a.allSatisfy(\.isNumber))
        #expect(a == LogEventId.make(function: "a", offset: 5))
        #expect(a != LogEventId.make(function: "b", offset: 5))
        #expect(LogEventId.make(function: "a", offset: 9) < LogEventId.make(function: "a", offset: 10))
    }

    @Test("retention: the oldest timestamp kept")
    func retention() {
        let settings = LogGroupSettings(name: "/aws/lambda/f", retentionInDays: 1)
        let now = Date(timeIntervalSince1970: 1_000_000)
        let dayBefore: Int64 = 1_000_000_000 - 86_400_000
        #expect(settings.oldestKept(now: now) == dayBefore)
        #expect(LogGroupSettings(name: "g").oldestKept(now: now) == nil)
    }
}
