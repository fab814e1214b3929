import CLambZlib

/// gzip decompression with the system's zlib, a chunk at a time (layers can be far larger than memory should hold).
/// Concatenated gzip members (which `pigz` and some registries produce) are read one after another.
final class GzipSource: ByteSource {
    private let input: any ByteSource
    private var stream = z_stream()
    private var inputBuffer: [UInt8] = []
    private var inputOffset = 0
    private var finished = false

    init(_ input: any ByteSource) throws {
        self.input = input
        // 16 + MAX_WBITS: a gzip header and trailer, not a raw zlib stream.
        let status = inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ImageError.corrupt("zlib could not start (\(status))") }
    }

    deinit { inflateEnd(&stream) }

    func read(upTo count: Int) throws -> [UInt8] {
        if finished || count == 0 { return [] }
        var output = [UInt8](repeating: 0, count: count)
        var produced = 0
        while produced == 0 && !finished {
            if inputOffset == inputBuffer.count {
                inputBuffer = try input.read(upTo: 1 << 16)
                inputOffset = 0
                if inputBuffer.isEmpty { throw ImageError.corrupt("gzip stream ends early") }
            }
            let status: Int32 = inputBuffer.withUnsafeMutableBufferPointer { inBuf in
                output.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_in = inBuf.baseAddress! + inputOffset
                    stream.avail_in = UInt32(inBuf.count - inputOffset)
                    stream.next_out = outBuf.baseAddress! + produced
                    stream.avail_out = UInt32(count - produced)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    inputOffset = inBuf.count - Int(stream.avail_in)
                    produced = count - Int(stream.avail_out)
                    return status
                }
            }
            switch status {
            case Z_OK, Z_BUF_ERROR: continue
            case Z_STREAM_END:
                if try !startNextMember() { finished = true }
            default:
                throw ImageError.corrupt("gzip data is corrupt (zlib \(status))")
            }
        }
        return Array(output.prefix(produced))
    }

    /// After one member ends: another follows when more input is left.
    private func startNextMember() throws -> Bool {
        if inputOffset == inputBuffer.count {
            inputBuffer = try input.read(upTo: 1 << 16)
            inputOffset = 0
        }
        if inputBuffer.isEmpty { return false }
        inflateReset(&stream)
        return true
    }
}
