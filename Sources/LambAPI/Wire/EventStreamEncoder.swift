import LambCore
import NIOCore

/// Writes AWS event-stream messages (`application/vnd.amazon.eventstream`), the framing of
/// InvokeWithResponseStream's body: a 12-byte prelude (total length, headers length, CRC-32 of those 8 bytes), the
/// headers, the payload, and a CRC-32 of all that came before. Every header Lamb sends is a string (type 7: a
/// 2-byte length and UTF-8 bytes), after a 1-byte name length and the name.
enum EventStreamEncoder {
    /// One `:message-type: event` message of `eventType` with `payload`.
    static func event(
        _ eventType: String, contentType: String, payload: ByteBuffer, allocator: ByteBufferAllocator = .init()
    ) -> ByteBuffer {
        message(
            headers: [(":event-type", eventType), (":content-type", contentType), (":message-type", "event")],
            payload: payload, allocator: allocator)
    }

    /// One message with string `headers` and `payload`.
    static func message(
        headers: [(name: String, value: String)], payload: ByteBuffer, allocator: ByteBufferAllocator = .init()
    ) -> ByteBuffer {
        var headerBytes = allocator.buffer(capacity: 96)
        for (name, value) in headers {
            headerBytes.writeInteger(UInt8(name.utf8.count))
            headerBytes.writeString(name)
            headerBytes.writeInteger(UInt8(7))
            headerBytes.writeInteger(UInt16(value.utf8.count))
            headerBytes.writeString(value)
        }
        let total = 12 + headerBytes.readableBytes + payload.readableBytes + 4
        var message = allocator.buffer(capacity: total)
        message.writeInteger(UInt32(total))
        message.writeInteger(UInt32(headerBytes.readableBytes))
        message.writeInteger(message.withUnsafeReadableBytes { checksum($0) })
        message.writeBuffer(&headerBytes)
        var payload = payload
        message.writeBuffer(&payload)
        message.writeInteger(message.withUnsafeReadableBytes { checksum($0) })
        return message
    }

    private static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }
}
