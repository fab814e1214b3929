/// How many times one chain of events has invoked each function, carried in the trace header as Lambda carries it
/// for its recursive loop detection: every invocation Lamb starts from an event (an asynchronous Invoke, a Lambda
/// destination) runs with the count of its function raised by one, the function's SDK sends that header on with
/// the calls it makes (`_X_AMZN_TRACE_ID` becomes `X-Amzn-Trace-Id`), and the next event of the chain arrives
/// with it. Past ``limit`` invocations of one function, the next one is stopped unless the function allows loops.
///
/// Lamb writes the counts as `Lineage=<8 hex digits naming the function>:<count>`, several joined by `,` (a
/// character the AWS SDKs leave as it is when they copy the header).
public enum RecursionLineage {
    /// Lambda stops the invocation after this many of one function in one chain.
    public static let limit = 16

    /// The count `header` carries for `function` (0 when none).
    public static func count(in header: String, function: String) -> Int {
        entries(in: header)[key(function)] ?? 0
    }

    /// Whether the next invocation of `function` by the chain `header` belongs to would be one too many.
    public static func exceedsLimit(_ header: String, function: String) -> Bool {
        count(in: header, function: function) >= limit
    }

    /// `header` with `function`'s count raised by one: the trace the function runs with.
    public static func invoking(_ header: String, function: String) -> String {
        var counts = entries(in: header)
        counts[key(function), default: 0] += 1
        let lineage = counts.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
        let others = header.split(separator: ";").filter { !$0.hasPrefix("Lineage=") }
        return (others + ["Lineage=\(lineage)"]).joined(separator: ";")
    }

    static func entries(in header: String) -> [String: Int] {
        guard let field = header.split(separator: ";").first(where: { $0.hasPrefix("Lineage=") }) else { return [:] }
        var counts: [String: Int] = [:]
        for entry in field.dropFirst("Lineage=".count).split(separator: ",") {
            let parts = entry.split(separator: ":")
            if parts.count == 2, let count = Int(parts[1]), count >= 0 { counts[String(parts[0])] = count }
        }
        return counts
    }

    /// FNV-1a of the name, as 8 hex digits: short, stable across runs, and no name in the header.
    static func key(_ function: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in function.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
