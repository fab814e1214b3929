/// When a poller stops receiving and invokes: the batch is full, the batching window has passed, or the payload is
/// near Lambda's 6 MB invocation limit. Without a window the first messages go at once (as Lambda does).
public struct SQSBatchPlan: Sendable, Equatable {
    public var batchSize: Int
    public var windowSeconds: Int
    /// Stop before a receive could take the payload past 6 MB: ten messages of SQS's 256 KB maximum.
    public static let payloadLimit = 6 * 1024 * 1024
    public static let headroom = 10 * 256 * 1024
    /// SQS's longest long poll.
    public static let longPollSeconds = 20

    /// How long the first receive of a batch waits for anything (shorter for a FIFO receiver with batches in
    /// flight: see `SQSPollerWorker.runFIFO`).
    public var firstWaitSeconds: Int

    public init(batchSize: Int, windowSeconds: Int, firstWaitSeconds: Int = SQSBatchPlan.longPollSeconds) {
        self.batchSize = batchSize
        self.windowSeconds = windowSeconds
        self.firstWaitSeconds = firstWaitSeconds
    }

    public struct Receive: Sendable, Equatable {
        public var maximum: Int
        public var waitSeconds: Int

        public init(maximum: Int, waitSeconds: Int) {
            self.maximum = maximum
            self.waitSeconds = waitSeconds
        }
    }

    /// The next ReceiveMessage, or `nil` to invoke with what was collected. `elapsed` counts from the first
    /// message collected (the window opens when there is something to wait with).
    public func next(collected: Int, bytes: Int, elapsedSeconds: Double) -> Receive? {
        let room = batchSize - collected
        if collected == 0 {
            return Receive(maximum: min(10, batchSize), waitSeconds: firstWaitSeconds)
        }
        if room <= 0 || bytes + Self.headroom > Self.payloadLimit { return nil }
        let remaining = Double(windowSeconds) - elapsedSeconds
        guard windowSeconds > 0, remaining > 0 else { return nil }
        return Receive(maximum: min(10, room), waitSeconds: min(Self.longPollSeconds, Int(remaining.rounded(.up))))
    }
}
