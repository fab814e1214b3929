import Foundation

/// The `X-Amzn-Trace-Id` an invocation runs with: the caller's trace when it sent one (so the function's
/// `_X_AMZN_TRACE_ID` continues it, as Lambda passes it through), else a new one.
public enum TraceHeader {
    /// The caller's header with a `Root=1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx`, completed with a `Parent` and `Sampled`
    /// when it has none; `nil` when it carries no valid root (a new trace is started then).
    public static func continuing(_ header: String?) -> String? {
        guard let header, !header.isEmpty, header.utf8.count <= 1024 else { return nil }
        var fields: [(String, String)] = []
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty else { return nil }
            fields.append((pair[0], pair[1]))
        }
        guard let root = fields.first(where: { $0.0 == "Root" })?.1, isRoot(root) else { return nil }
        if !fields.contains(where: { $0.0 == "Parent" }) { fields.append(("Parent", Identifiers.hex(bytes: 8))) }
        if !fields.contains(where: { $0.0 == "Sampled" }) { fields.append(("Sampled", "0")) }
        let ordered = fields.filter { $0.0 == "Root" } + fields.filter { $0.0 == "Parent" }
            + fields.filter { $0.0 == "Sampled" } + fields.filter { !["Root", "Parent", "Sampled"].contains($0.0) }
        return ordered.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
    }

    /// `1-` then 8 hex digits, `-`, 24 hex digits.
    static func isRoot(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "1" && parts[1].count == 8 && parts[2].count == 24
            && (parts[1] + parts[2]).allSatisfy(\.isHexDigit)
    }
}
