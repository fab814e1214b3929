import Foundation

/// `Fn::Cidr`: an IPv4 or IPv6 block cut into `count` consecutive subnets of `2^cidrBits` addresses each.
struct CidrBlock: Sendable, Equatable {
    /// The address, big-endian: 4 bytes (IPv4) or 16 (IPv6).
    var bytes: [UInt8]
    var prefixLength: Int

    var isIPv6: Bool { bytes.count == 16 }
    var bitCount: Int { bytes.count * 8 }

    /// Parses `10.0.0.0/16` or `2001:db8::/56`; nil for anything else.
    init?(_ text: String) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, let prefix = Int(pieces[1]) else { return nil }
        let address = String(pieces[0])
        if let v4 = Self.parseIPv4(address) {
            bytes = v4
        } else if let v6 = Self.parseIPv6(address) {
            bytes = v6
        } else {
            return nil
        }
        guard (0...bytes.count * 8).contains(prefix) else { return nil }
        prefixLength = prefix
    }

    init(bytes: [UInt8], prefixLength: Int) {
        self.bytes = bytes
        self.prefixLength = prefixLength
    }

    /// The subnets, or a reason why the block cannot hold them.
    func subnets(count: Int, hostBits: Int) -> Result<[CidrBlock], Failure> {
        let subnetPrefix = bitCount - hostBits
        guard hostBits >= 0, subnetPrefix >= prefixLength else {
            return .failure(Failure("cidrBits \(hostBits) leaves no room in a /\(prefixLength) block"))
        }
        // CloudFormation allows 1 to 256 subnets per call.
        guard (1...256).contains(count) else { return .failure(Failure("count must be 1 to 256, not \(count)")) }
        let available = subnetPrefix - prefixLength
        guard count >= 1, available >= 62 || count <= 1 << available else {
            return .failure(Failure("a /\(prefixLength) block holds fewer than \(count) subnets of /\(subnetPrefix)"))
        }
        var base = bytes
        // Clear the host bits of the block itself, as CloudFormation starts from the network address.
        for bit in prefixLength..<bitCount { base[bit / 8] &= ~(0x80 >> UInt8(bit % 8)) }
        var result: [CidrBlock] = []
        for index in 0..<count {
            result.append(
                CidrBlock(bytes: Self.adding(UInt64(index), shiftedBy: hostBits, to: base), prefixLength: subnetPrefix))
        }
        return .success(result)
    }

    struct Failure: Error, Equatable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    var description: String {
        let address: String
        if isIPv6 {
            address = Self.formatIPv6(bytes)
        } else {
            address = bytes.map(String.init).joined(separator: ".")
        }
        return "\(address)/\(prefixLength)"
    }

    /// `base + value << shift`, in big-endian bytes.
    private static func adding(_ value: UInt64, shiftedBy shift: Int, to base: [UInt8]) -> [UInt8] {
        var result = base
        var carry = 0
        let byteShift = shift / 8
        let bitShift = shift % 8
        // value << bitShift can need 72 bits: spread it over bytes from the least significant one.
        var addend: [Int] = []
        var remaining = value
        var overflow = 0
        for _ in 0..<9 {
            let low = Int(remaining & 0xFF)
            remaining >>= 8
            let shifted = (low << bitShift) + overflow
            addend.append(shifted & 0xFF)
            overflow = shifted >> 8
        }
        for (offset, part) in addend.enumerated() {
            let position = result.count - 1 - byteShift - offset
            guard position >= 0 else { break }
            let sum = Int(result[position]) + part + carry
            result[position] = UInt8(sum & 0xFF)
            carry = sum >> 8
        }
        return result
    }

    private static func parseIPv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var values: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                values.append(value)
            }
            return values
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups written `::`.
    private static func formatIPv6(_ bytes: [UInt8]) -> String {
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > bestLength {
                bestStart = index
                bestLength = end - index
            }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}
