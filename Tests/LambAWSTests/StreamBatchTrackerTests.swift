import LambCore
import Testing

struct StreamBatchTrackerTests {
    /// Runs a batch of `count` records through the tracker with a function that fails any batch holding `poison`;
    /// returns the batches invoked and what was given up.
    func run(
        count: Int, poison: Set<Int>, retries: Int, bisect: Bool
    ) -> (invoked: [[Int]], givenUp: [([Int], Int)], succeeded: [Int]) {
        var tracker = StreamBatchTracker(batch: Array(0..<count), maximumRetryAttempts: retries, bisectOnError: bisect)
        var invoked: [[Int]] = []
        var givenUp: [([Int], Int)] = []
        var succeeded: [Int] = []
        while let current = tracker.current, invoked.count < 1000 {
            tracker.invoking()
            invoked.append(current.records)
            if current.records.contains(where: poison.contains) {
                if case .giveUp(let pending, let condition) = tracker.failed() {
                    #expect(condition == "RetryAttemptsExhausted")
                    givenUp.append((pending.records, pending.invocations))
                }
            } else {
                succeeded += tracker.succeeded()
            }
        }
        return (invoked, givenUp, succeeded)
    }

    @Test func bisectionIsolatesThePoisonRecord() {
        let result = run(count: 20, poison: [13], retries: 1, bisect: true)
        #expect(
            result.invoked.filter { $0.contains(13) }.map(\.count) == [20, 10, 5, 3, 2, 1, 1],
            "\(result.invoked)")
        #expect(result.givenUp.map(\.0) == [[13]])
        // Splits use no retry: the record alone is invoked once, then retried once; the count includes the five
        // invocations of the batches it was in.
        #expect(result.givenUp.first?.1 == 7)
        #expect(result.succeeded == Array(0..<20).filter { $0 != 13 })
    }

    @Test func withoutBisectionTheWholeBatchIsRetriedThenGivenUp() {
        let result = run(count: 5, poison: [2], retries: 2, bisect: false)
        #expect(result.invoked == Array(repeating: [0, 1, 2, 3, 4], count: 3))
        #expect(result.givenUp.map(\.0) == [[0, 1, 2, 3, 4]] && result.givenUp.first?.1 == 3)
        #expect(result.succeeded.isEmpty)
    }

    @Test func zeroRetriesGivesUpAtOnce() {
        let result = run(count: 4, poison: [0, 3], retries: 0, bisect: true)
        #expect(result.givenUp.map(\.0) == [[0], [3]])
        #expect(result.succeeded == [1, 2])
    }

    @Test func infiniteRetriesNeverGiveUp() {
        var tracker = StreamBatchTracker(batch: [1, 2], maximumRetryAttempts: -1, bisectOnError: false)
        for _ in 0..<500 {
            guard case .retry = tracker.failed() else {
                Issue.record("gave up")
                return
            }
        }
        #expect(tracker.current?.retries == 500)
    }

    @Test func partialFailureKeepsWhatCameBefore() {
        var tracker = StreamBatchTracker(batch: [10, 11, 12, 13], maximumRetryAttempts: 1, bisectOnError: true)
        tracker.invoking()
        let (done, next) = tracker.partiallyFailed(at: 2)
        #expect(done == [10, 11])
        guard case .retry = next else {
            Issue.record("expected a retry")
            return
        }
        #expect(tracker.current?.records == [12, 13] && tracker.current?.retries == 1)
        let (again, last) = tracker.partiallyFailed(at: 1)
        #expect(again == [12])
        guard case .giveUp(let pending, _) = last else {
            Issue.record("expected to give up")
            return
        }
        #expect(pending.records == [13] && tracker.current == nil)
    }

    @Test func expiredRecordsAreGivenUpFirst() {
        var tracker = StreamBatchTracker(batch: [1, 2, 3], maximumRetryAttempts: -1, bisectOnError: false)
        #expect(tracker.expire(0) == nil)
        #expect(tracker.expire(2)?.records == [1, 2])
        #expect(tracker.current?.records == [3])
        #expect(tracker.expire(5)?.records == [3])
        #expect(tracker.current == nil)
    }

    @Test func sequenceNumbersOrderAsNumbers() {
        #expect(StreamSequenceNumber.precedes("9", "10"))
        #expect(!StreamSequenceNumber.precedes("10", "9"))
        #expect(
            StreamSequenceNumber.precedes(
                "49590338271490256608559692538361571095921575989136588898",
                "49590338271490256608559692540925702759324208523137515618"))
        #expect(StreamSequenceNumber.lowest(["300", "1000", "299"]) == "299")
        #expect(StreamSequenceNumber.lowest([String]()) == nil)
    }
}
