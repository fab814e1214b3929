/// Checks that bytes are one JSON value (RFC 8259, any value, whitespace around it, an optional UTF-8 byte order
/// mark first), without building it. Strict where Lambda is: a trailing comma is an error (Foundation's parser lets
/// it pass).
///
/// Invoke refuses payloads that are not JSON, so every synchronous invocation checks its payload. Parsing it into
/// objects only to throw them away costs far more than the check, and grows with the payload; this walks the bytes
/// once, keeping only a stack of the open containers (so deep nesting cannot exhaust the thread's stack).
public enum JSONSyntax {
    public static func isValid<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        let check = { (buffer: UnsafeBufferPointer<UInt8>) -> Bool in
            var scanner = Scanner(bytes: buffer)
            return scanner.validDocument()
        }
        return bytes.withContiguousStorageIfAvailable(check) ?? Array(bytes).withUnsafeBufferPointer(check)
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        private enum Container { case object, array }

        /// After a value inside a container: what may follow.
        private enum Expect { case value, objectKey, afterValue }

        mutating func validDocument() -> Bool {
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
            var open: [Container] = []
            var expect = Expect.value
            while true {
                skipWhitespace()
                switch expect {
                case .value:
                    guard let byte = peek() else { return false }
                    switch byte {
                    case UInt8(ascii: "{"):
                        expect = enter(.object, closedBy: UInt8(ascii: "}"), open: &open) ? .afterValue : .objectKey
                        continue
                    case UInt8(ascii: "["):
                        expect = enter(.array, closedBy: UInt8(ascii: "]"), open: &open) ? .afterValue : .value
                        continue
                    case UInt8(ascii: "\""):
                        guard string() else { return false }
                    case UInt8(ascii: "t"):
                        guard literal("true") else { return false }
                    case UInt8(ascii: "f"):
                        guard literal("false") else { return false }
                    case UInt8(ascii: "n"):
                        guard literal("null") else { return false }
                    default:
                        guard number() else { return false }
                    }
                    expect = .afterValue
                case .objectKey:
                    guard peek() == UInt8(ascii: "\""), string() else { return false }
                    skipWhitespace()
                    guard peek() == UInt8(ascii: ":") else { return false }
                    index += 1
                    expect = .value
                case .afterValue:
                    guard let container = open.last else { return index == bytes.count }
                    guard let byte = peek() else { return false }
                    index += 1
                    switch (container, byte) {
                    case (.object, UInt8(ascii: ",")): expect = .objectKey
                    case (.array, UInt8(ascii: ",")): expect = .value
                    case (.object, UInt8(ascii: "}")), (.array, UInt8(ascii: "]")): open.removeLast()
                    default: return false
                    }
                }
            }
        }

        /// Steps over a container's opening bracket: `true` when it is empty (its closing bracket is stepped over
        /// too), else it is pushed onto `open`.
        private mutating func enter(_ container: Container, closedBy closer: UInt8, open: inout [Container]) -> Bool {
            index += 1
            skipWhitespace()
            guard peek() == closer else {
                open.append(container)
                return false
            }
            index += 1
            return true
        }

        private func peek() -> UInt8? {
            index < bytes.count ? bytes[index] : nil
        }

        private mutating func skipWhitespace() {
            while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        /// A string, from its opening quote: escapes checked, no raw control characters, valid UTF-8.
        private mutating func string() -> Bool {
            index += 1
            while let byte = peek() {
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                case UInt8(ascii: "\\"):
                    index += 1
                    guard let escaped = peek() else { return false }
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        for _ in 0..<4 {
                            guard let hex = peek(), hex.isHexDigit else { return false }
                            index += 1
                        }
                    default:
                        return false
                    }
                case 0..<0x20:
                    return false
                case 0..<0x80:
                    index += 1
                default:
                    guard utf8Sequence() else { return false }
                }
            }
            return false
        }

        /// One multi-byte UTF-8 sequence (no overlong forms, surrogates or values past U+10FFFF).
        private mutating func utf8Sequence() -> Bool {
            let lead = bytes[index]
            let (length, low, high): (Int, UInt8, UInt8)
            switch lead {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            default: return false
            }
            guard bytes.count - index >= length, (low...high).contains(bytes[index + 1]) else { return false }
            for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return false }
            index += length
            return true
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        private mutating func number() -> Bool {
            if peek() == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), first.isDigit else { return false }
            index += 1
            if first != UInt8(ascii: "0") { skipDigits() }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard peek()?.isDigit == true else { return false }
                skipDigits()
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard peek()?.isDigit == true else { return false }
                skipDigits()
            }
            return true
        }

        private mutating func skipDigits() {
            while let byte = peek(), byte.isDigit { index += 1 }
        }
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    fileprivate var isHexDigit: Bool {
        isDigit || (self | 0x20 >= UInt8(ascii: "a") && self | 0x20 <= UInt8(ascii: "f"))
    }
}
