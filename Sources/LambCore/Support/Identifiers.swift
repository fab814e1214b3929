import Foundation

/// Random identifiers in the shapes AWS uses.
public enum Identifiers {
    /// A lowercase UUID, as Lambda's request ids.
    public static func requestId() -> String { UUID().uuidString.lowercased() }

    /// `count` random bytes as lowercase hex. Draws 8 bytes per call of the system generator (each call can be a
    /// syscall) and formats through a table: ids are made on every invocation.
    public static func hex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: count * 2) { out in
            var written = 0
            var word: UInt64 = 0
            for index in 0..<count {
                if index % 8 == 0 { word = generator.next() }
                let byte = UInt8(truncatingIfNeeded: word >> (UInt64(index % 8) * 8))
                out[written] = digits[Int(byte >> 4)]
                out[written + 1] = digits[Int(byte & 0x0f)]
                written += 2
            }
            return written
        }
    }

    /// An X-Ray trace header: `Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0`.
    public static func traceHeader(now: Date = Date()) -> String {
        let epoch = String(UInt32(truncatingIfNeeded: Int(now.timeIntervalSince1970)), radix: 16)
        let padded = String(repeating: "0", count: max(0, 8 - epoch.count)) + epoch
        return "Root=1-\(padded)-\(hex(bytes: 12));Parent=\(hex(bytes: 8));Sampled=0"
    }
}
