import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Random identifiers in the shapes AWS uses. Several are made on every invocation (request id, invocation id, trace
/// header), so they are formatted straight into their strings from a pool of random bytes.
public enum Identifiers {
    private static let digits: StaticString = "0123456789abcdef"

    /// A lowercase random (version 4) UUID, as Lambda's request ids.
    public static func requestId() -> String {
        var bytes = RandomPool.shared.bytes16()
        bytes.6 = (bytes.6 & 0x0f) | 0x40  // version 4
        bytes.8 = (bytes.8 & 0x3f) | 0x80  // RFC 4122 variant
        return withUnsafeBytes(of: &bytes) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var written = 0
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[written] = UInt8(ascii: "-")
                        written += 1
                    }
                    writeHex(byte, into: out, at: written)
                    written += 2
                }
                return written
            }
        }
    }

    /// `count` random bytes as lowercase hex.
    public static func hex(bytes count: Int) -> String {
        String(unsafeUninitializedCapacity: count * 2) { out in
            RandomPool.shared.withBytes(count) { random in
                for (index, byte) in random.enumerated() { writeHex(byte, into: out, at: index * 2) }
            }
            return count * 2
        }
    }

    /// An X-Ray trace header: `Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0`.
    public static func traceHeader(now: Date = Date()) -> String {
        let epoch = UInt32(truncatingIfNeeded: Int(now.timeIntervalSince1970))
        let epochHex = String(unsafeUninitializedCapacity: 8) { out in
            for index in 0..<4 { writeHex(UInt8(truncatingIfNeeded: epoch >> (24 - 8 * index)), into: out, at: index * 2) }
            return 8
        }
        return "Root=1-\(epochHex)-\(hex(bytes: 12));Parent=\(hex(bytes: 8));Sampled=0"
    }

    /// A uniform draw in `0..<1` (alias routing), from the same pool: `Double.random` makes a system call each time.
    public static func unitDraw() -> Double {
        let bits = RandomPool.shared.withBytes(8) { b in b.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        return Double(bits >> 11) / Double(UInt64(1) << 53)
    }

    private static func writeHex(_ byte: UInt8, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        digits.withUTF8Buffer { table in
            out[offset] = table[Int(byte >> 4)]
            out[offset + 1] = table[Int(byte & 0x0f)]
        }
    }
}

/// Random bytes from the system generator, fetched a few kilobytes at a time: each fetch is a system call, and ids
/// are made on every invocation.
final class RandomPool: Sendable {
    static let shared = RandomPool()
    private static let size = 4096

    private struct State {
        var buffer = [UInt8](repeating: 0, count: RandomPool.size)
        var used = RandomPool.size
    }

    private let state = Mutex(State())

    /// Calls `body` with `count` (at most 4096) fresh random bytes.
    func withBytes<T>(_ count: Int, _ body: (ArraySlice<UInt8>) -> T) -> T {
        precondition(count <= Self.size)
        return state.withLock { s in
            if s.used + count > s.buffer.count {
                s.buffer.withUnsafeMutableBytes { Self.fillFromSystem($0) }
                s.used = 0
            }
            defer { s.used += count }
            return body(s.buffer[s.used..<s.used + count])
        }
    }

    /// One read of the kernel's generator per refill (`SystemRandomNumberGenerator` makes a system call per 8 bytes).
    private static func fillFromSystem(_ raw: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
            let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                defer { close(fd) }
                var filled = 0
                while filled < raw.count {
                    let n = read(fd, raw.baseAddress! + filled, raw.count - filled)
                    if n > 0 { filled += n } else if n < 0 && errno == EINTR { continue } else { break }
                }
                if filled == raw.count { return }
            }
        #endif
        var generator = SystemRandomNumberGenerator()
        for offset in stride(from: 0, to: raw.count, by: 8) {
            raw.storeBytes(of: generator.next() as UInt64, toByteOffset: offset, as: UInt64.self)
        }
    }

    func bytes16() -> (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) {
        withBytes(16) { b in
            let i = b.startIndex
            return (
                b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7], b[i + 8], b[i + 9],
                b[i + 10], b[i + 11], b[i + 12], b[i + 13], b[i + 14], b[i + 15]
            )
        }
    }
}
