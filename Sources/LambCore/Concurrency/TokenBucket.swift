/// A token bucket for Lambda's scale-out rate: at most `capacity` new environments at once, refilled at
/// `capacity / period` per second (1000 per 10 s per function by default). Pure; the caller passes `now` in seconds.
public struct TokenBucket: Sendable, Equatable {
    public let capacity: Double
    public let refillPerSecond: Double
    private var tokens: Double
    private var last: Double

    public init(capacity: Int, per periodSeconds: Double, now: Double) {
        self.capacity = Double(capacity)
        self.refillPerSecond = Double(capacity) / periodSeconds
        self.tokens = Double(capacity)
        self.last = now
    }

    /// Takes a token if one is available.
    public mutating func take(now: Double) -> Bool {
        tokens = min(capacity, tokens + max(0, now - last) * refillPerSecond)
        last = max(last, now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
