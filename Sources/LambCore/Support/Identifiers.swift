import Foundation

/// Random identifiers in the shapes AWS uses.
public enum Identifiers {
    /// A lowercase UUID, as Lambda's request ids.
    public static func requestId() -> String { UUID().uuidString.lowercased() }

    /// `count` random bytes as lowercase hex.
    public static func hex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var out = ""
        out.reserveCapacity(count * 2)
        for _ in 0..<count {
            let byte = UInt8.random(in: 0...255, using: &generator)
            out += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return out
    }

    /// An X-Ray trace header: `Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0`.
    public static func traceHeader(now: Date = Date()) -> String {
        let epoch = String(UInt32(truncatingIfNeeded: Int(now.timeIntervalSince1970)), radix: 16)
        let padded = String(repeating: "0", count: max(0, 8 - epoch.count)) + epoch
        return "Root=1-\(padded)-\(hex(bytes: 12));Parent=\(hex(bytes: 8));Sampled=0"
    }
}
