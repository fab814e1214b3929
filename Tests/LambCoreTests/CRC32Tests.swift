import LambCore
import Testing

@Suite("CRC-32")
struct CRC32Tests {
    @Test("the standard check values", arguments: [
        ("", 0x0000_0000 as UInt32), ("123456789", 0xCBF4_3926), ("The quick brown fox jumps over the lazy dog", 0x414F_A339),
    ])
    func checkValues(text: String, expected: UInt32) {
        #expect(CRC32.checksum(Array(text.utf8)) == expected)
    }

    @Test("adding in pieces gives the sum of the whole")
    func pieces() {
        var crc = CRC32()
        crc.update(Array("12345".utf8))
        Array("6789".utf8).withUnsafeBytes { crc.update($0) }
        #expect(crc.value == 0xCBF4_3926)
    }
}
