/// Kinesis and DynamoDB Streams sequence numbers: decimal strings of up to 128 digits, ordered as numbers (too long
/// for any integer type, and "9" must come before "10").
public enum StreamSequenceNumber {
    /// Whether `a` comes before `b` in its shard.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let left = trimmed(a)
        let right = trimmed(b)
        if left.count != right.count { return left.count < right.count }
        return left < right
    }

    /// The lowest of `numbers` (`nil` when empty).
    public static func lowest(_ numbers: some Sequence<String>) -> String? {
        numbers.reduce(nil) { found, next in found.map { precedes(next, $0) ? next : $0 } ?? next }
    }

    private static func trimmed(_ number: String) -> Substring {
        let digits = number.drop { $0 == "0" }
        return digits.isEmpty ? "0" : digits
    }
}
