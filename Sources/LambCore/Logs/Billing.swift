/// Lambda's billing arithmetic.
public enum Billing {
    /// Duration is billed per millisecond, rounded up; since August 2025 a cold start's init time is billed too, so
    /// callers pass `duration + init` for cold starts.
    public static func billedMilliseconds(_ ms: Double) -> Int {
        max(1, Int(ms.rounded(.up)))
    }
}
