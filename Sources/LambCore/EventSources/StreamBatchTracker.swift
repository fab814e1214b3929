/// What happens to one batch read from a shard until every record in it is done with: processed, or given up
/// (and recorded at the OnFailure destination). Lambda's rules for streams:
///
/// - a function error retries the batch, up to `MaximumRetryAttempts` retries (-1: no limit), then gives it up;
/// - with `BisectBatchOnFunctionError`, a failed batch of more than one record is split in two halves instead, the
///   first half processed first; a split does not use up a retry (Lambda documents this), the halves carry the
///   retries their batch had used;
/// - with `ReportBatchItemFailures`, the records before the lowest failed sequence number are done, and the rest is
///   retried as a failure of the batch (a retry used);
/// - records older than `MaximumRecordAgeInSeconds` are given up before an invocation.
///
/// Pure: the poller invokes and waits; this says what comes next. Records stay in shard order throughout.
public struct StreamBatchTracker<Record: Sendable>: Sendable {
    public struct Pending: Sendable {
        public var records: [Record]
        /// Retries used (splits excluded).
        public var retries: Int
        /// How many times these records were sent to the function (Lambda's `approximateInvokeCount`).
        public var invocations: Int
    }

    /// What the poller does after a failure.
    public enum Next: Sendable {
        /// Invoke ``current`` again after a pause.
        case retry
        /// ``current`` is now the first half: invoke it at once.
        case bisected
        /// These records are given up: record them with `condition`, then go on with ``current``.
        case giveUp(Pending, condition: String)
    }

    public let maximumRetryAttempts: Int
    public let bisectOnError: Bool
    private var pending: [Pending]

    public init(batch: [Record], maximumRetryAttempts: Int, bisectOnError: Bool) {
        self.maximumRetryAttempts = maximumRetryAttempts
        self.bisectOnError = bisectOnError
        pending = batch.isEmpty ? [] : [Pending(records: batch, retries: 0, invocations: 0)]
    }

    /// The records to invoke next; `nil` when the batch is done with.
    public var current: Pending? { pending.first }

    public mutating func invoking() {
        guard !pending.isEmpty else { return }
        pending[0].invocations += 1
    }

    /// The function succeeded with ``current``: its records are done.
    @discardableResult
    public mutating func succeeded() -> [Record] {
        guard !pending.isEmpty else { return [] }
        return pending.removeFirst().records
    }

    /// The function failed with ``current`` (an error, a timeout, an answer that is not a valid batch response).
    public mutating func failed() -> Next {
        guard var batch = pending.first else { return .retry }
        if bisectOnError && batch.records.count > 1 {
            let middle = batch.records.count / 2
            let first = Pending(
                records: Array(batch.records[..<middle]), retries: batch.retries, invocations: batch.invocations)
            let second = Pending(
                records: Array(batch.records[middle...]), retries: batch.retries, invocations: batch.invocations)
            pending.replaceSubrange(0...0, with: [first, second])
            return .bisected
        }
        if maximumRetryAttempts < 0 || batch.retries < maximumRetryAttempts {
            batch.retries += 1
            pending[0] = batch
            return .retry
        }
        pending.removeFirst()
        return .giveUp(batch, condition: "RetryAttemptsExhausted")
    }

    /// The function reported `batchItemFailures`; `index` is the position in ``current`` of the lowest failed
    /// sequence number. The records before it are done (returned); the rest is retried or given up.
    public mutating func partiallyFailed(at index: Int) -> (done: [Record], next: Next) {
        guard var batch = pending.first, index > 0, index < batch.records.count else {
            return ([], failedWithoutSplit())
        }
        let done = Array(batch.records[..<index])
        batch.records = Array(batch.records[index...])
        pending[0] = batch
        return (done, failedWithoutSplit())
    }

    /// A partial failure is retried from the failed record, never split.
    private mutating func failedWithoutSplit() -> Next {
        guard var batch = pending.first else { return .retry }
        if maximumRetryAttempts < 0 || batch.retries < maximumRetryAttempts {
            batch.retries += 1
            pending[0] = batch
            return .retry
        }
        pending.removeFirst()
        return .giveUp(batch, condition: "RetryAttemptsExhausted")
    }

    /// Gives up the first `count` records of ``current`` (too old to be sent); `nil` when `count` is 0.
    public mutating func expire(_ count: Int) -> Pending? {
        guard count > 0, var batch = pending.first else { return nil }
        let taken = min(count, batch.records.count)
        let expired = Pending(
            records: Array(batch.records[..<taken]), retries: batch.retries, invocations: batch.invocations)
        batch.records.removeFirst(taken)
        if batch.records.isEmpty { pending.removeFirst() } else { pending[0] = batch }
        return expired
    }
}
