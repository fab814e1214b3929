#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fast reads of small kernel files (`/proc/<pid>/status`, cgroup counters). Some are read on every invocation (for
/// "Max Memory Used"), so they are read into a stack buffer and scanned as bytes, without building strings.
enum KernelFile {
    /// Calls `body` with the file's first 8 KB, or returns `nil` if it cannot be read.
    static func withBytes<T>(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8192) { buffer -> T? in
            var used = 0
            while used < buffer.count {
                let n = read(fd, buffer.baseAddress! + used, buffer.count - used)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                used += n
            }
            return body(UnsafeBufferPointer(rebasing: buffer[0..<used]))
        }
    }

    /// The number at the start of the file (`memory.peak`: `123456\n`).
    static func number(_ path: String) -> UInt64? {
        withBytes(path) { parseNumber($0, from: 0) }
    }

    /// The number after `key` on the line that starts with it (`VmHWM:   1234 kB`, `oom_kill 3`).
    static func number(afterKey key: String, in path: String) -> UInt64? {
        withBytes(path) { number(afterKey: key, in: $0) }
    }

    /// The number after `key` on the line of `bytes` that starts with it.
    static func number(afterKey key: String, in bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        valueStart(ofKey: key, in: bytes).flatMap { parseNumber(bytes, from: $0) }
    }

    /// Where the value of `key` starts: just after the key, on the first line that starts with it (followed by a
    /// blank, or ending with `:`), or `nil`.
    static func valueStart(ofKey key: String, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let keyBytes = Array(key.utf8)
        var lineStart = 0
        while lineStart + keyBytes.count <= bytes.count {
            var matches = true
            for (i, b) in keyBytes.enumerated() where bytes[lineStart + i] != b {
                matches = false
                break
            }
            if matches, lineStart + keyBytes.count < bytes.count,
                bytes[lineStart + keyBytes.count] == UInt8(ascii: " ")
                    || bytes[lineStart + keyBytes.count] == UInt8(ascii: "\t") || key.hasSuffix(":")
            {
                return lineStart + keyBytes.count
            }
            guard let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            lineStart = newline + 1
        }
        return nil
    }

    /// Skips blanks, then reads decimal digits.
    static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64? {
        var i = start
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        var value: UInt64 = 0
        var digits = 0
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            value = value &* 10 &+ UInt64(bytes[i] - UInt8(ascii: "0"))
            digits += 1
            i += 1
        }
        return digits > 0 ? value : nil
    }
}
