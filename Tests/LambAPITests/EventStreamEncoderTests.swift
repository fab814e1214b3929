import Foundation
import LambCore
import NIOCore
import Testing

@testable import LambAPI

/// InvokeWithResponseStream's framing, checked by decoding it back as botocore's `EventStreamBuffer` does.
@Suite("Event stream encoder")
struct EventStreamEncoderTests {
    struct Decoded {
        var headers: [String: String]
        var payload: [UInt8]
    }

    /// One message: checks both CRCs and the lengths, reads string headers.
    func decode(_ buffer: ByteBuffer) throws -> Decoded {
        let bytes = Array(buffer.readableBytesView)
        func u32(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        #expect(Int(u32(0)) == bytes.count)
        #expect(u32(8) == CRC32.checksum(bytes[0..<8]))
        #expect(u32(bytes.count - 4) == CRC32.checksum(bytes[0..<(bytes.count - 4)]))
        let headersEnd = 12 + Int(u32(4))
        var headers: [String: String] = [:]
        var at = 12
        while at < headersEnd {
            let nameLength = Int(bytes[at])
            let name = String(decoding: bytes[(at + 1)..<(at + 1 + nameLength)], as: UTF8.self)
            at += 1 + nameLength
            try #require(bytes[at] == 7)
            let valueLength = Int(bytes[at + 1]) << 8 | Int(bytes[at + 2])
            headers[name] = String(decoding: bytes[(at + 3)..<(at + 3 + valueLength)], as: UTF8.self)
            at += 3 + valueLength
        }
        #expect(at == headersEnd)
        return Decoded(headers: headers, payload: Array(bytes[headersEnd..<(bytes.count - 4)]))
    }

    @Test("a PayloadChunk carries the bytes as they are, with the event headers botocore reads")
    func payloadChunk() throws {
        let message = try decode(EventStreamEncoder.payloadChunk(ByteBuffer(bytes: [0, 1, 2, 255])))
        #expect(message.headers == [
            ":event-type": "PayloadChunk", ":content-type": "application/octet-stream", ":message-type": "event",
        ])
        #expect(message.payload == [0, 1, 2, 255])
    }

    @Test("an empty payload still makes a whole message")
    func empty() throws {
        let message = try decode(EventStreamEncoder.payloadChunk(ByteBuffer()))
        #expect(message.payload.isEmpty)
    }

    @Test("InvokeComplete: JSON with ErrorCode and ErrorDetails for a function error, LogResult for a tail")
    func invokeComplete() throws {
        var message = try decode(
            EventStreamEncoder.invokeComplete(errorCode: "RangeError", errorDetails: "too far", logTail: "line\n"))
        #expect(message.headers[":event-type"] == "InvokeComplete")
        #expect(message.headers[":content-type"] == "application/json")
        var json = try JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: String]
        #expect(json == ["ErrorCode": "RangeError", "ErrorDetails": "too far", "LogResult": "bGluZQo="])
        message = try decode(EventStreamEncoder.invokeComplete(logTail: nil))
        json = try JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: String]
        #expect(json == [:])
    }
}
