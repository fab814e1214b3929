import LambCore
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One Runtime API request, read whole.
struct RuntimeAPIRequest {
    enum Method: Equatable { case get, post, other }

    var method: Method
    /// The request target without its query.
    var path: String
    var keepAlive: Bool
    /// The request line and header lines, kept as they came: handlers look up the one or two headers they need.
    var head: ByteBuffer
    var body: ByteBuffer
    /// The body was over `Quotas.runtimeResponseBytes` (and was dropped).
    var bodyTooLarge: Bool
    /// A `/response` post in streaming mode: its body is not in `body` but follows as ``StreamPart``s.
    var streaming = false

    /// `Lambda-Runtime-Function-Error-Type`, on error posts.
    var functionErrorType: String? { header(RuntimeAPIWire.Header.functionErrorType) }

    /// The value of the first header called `name` (compared without case), trimmed.
    func header(_ name: String) -> String? {
        head.withUnsafeReadableBytes { bytes in
            HeaderLines(bytes).first { $0.name.elementsEqualIgnoringCase(name.utf8) }
                .map { String(decoding: $0.value, as: UTF8.self) }
        }
    }
}

/// Splits the bytes of a Runtime API connection into requests.
///
/// A runtime's client sends a few small requests of fixed shapes (`GET /next`, `POST /response` with a body, now
/// and then a chunked one), often two in one write. Reading them here, straight from the socket's buffers, costs a
/// fraction of a general HTTP decoder that turns every request into a head, body and end part and every header into
/// strings, and that runs twice per warm invocation. What is not HTTP/1.x is an error (the handler answers 400 and
/// closes).
struct RuntimeAPIRequestParser {
    struct MalformedRequest: Error {}

    /// Longest request line plus headers (NIO's decoder allows as much).
    static let maximumHeadBytes = 80 * 1024

    private enum State {
        case head
        case body(Partial, remaining: Int)
        case chunkSize(Partial)
        case chunkData(Partial, remaining: Int)
        case chunkEnd(Partial)
        case trailers(Partial)
        // A streamed body, handed out piece by piece (``nextStreamPart()``).
        case streamBody(remaining: Int)
        case streamChunkSize
        case streamChunkData(remaining: Int)
        case streamChunkEnd
        case streamTrailers([(name: String, value: String)])
    }

    /// A piece of a streamed body.
    enum StreamPart {
        case data(ByteBuffer)
        /// The body is over; the trailer fields that came with its last chunk.
        case end(trailers: [(name: String, value: String)])
    }

    private struct Partial {
        var request: RuntimeAPIRequest

        mutating func append(_ chunk: inout ByteBuffer) {
            if request.bodyTooLarge { return }
            if request.body.readableBytes + chunk.readableBytes > Quotas.runtimeResponseBytes {
                request.bodyTooLarge = true
                request.body = ByteBuffer()
            } else if request.body.readableBytes == 0 {
                request.body = chunk
            } else {
                request.body.writeBuffer(&chunk)
            }
        }
    }

    private var state = State.head
    private var buffer = ByteBuffer()
    /// A head whose `Expect: 100-continue` was seen, until its body starts (the handler answers it at once).
    private(set) var wantsContinue = false
    /// A streamed body is being read: call ``nextStreamPart()`` until it ends, not ``next()``.
    private(set) var streaming = false

    /// Adds bytes read from the socket.
    mutating func feed(_ bytes: ByteBuffer) {
        if buffer.readableBytes == 0 {
            buffer = bytes
        } else {
            var bytes = bytes
            buffer.writeBuffer(&bytes)
        }
    }

    /// The next complete request, `nil` when more bytes are needed.
    mutating func next() throws(MalformedRequest) -> RuntimeAPIRequest? {
        wantsContinue = false
        while true {
            switch state {
            case .head:
                guard let headEnd = Self.find(Self.crlfcrlf, in: buffer) else {
                    if buffer.readableBytes > Self.maximumHeadBytes { throw MalformedRequest() }
                    return nil
                }
                let head = buffer.readSlice(length: headEnd + 4)!
                guard let (request, framing) = Self.parseHead(head) else { throw MalformedRequest() }
                wantsContinue = request.header("expect")?.lowercased() == "100-continue"
                if request.streaming {
                    // The head goes to the handler at once; the body follows as it comes.
                    streaming = true
                    switch framing {
                    case .length(let length): state = .streamBody(remaining: length)
                    case .chunked: state = .streamChunkSize
                    }
                    return request
                }
                switch framing {
                case .length(0): return finish(Partial(request: request))
                case .length(let length): state = .body(Partial(request: request), remaining: length)
                case .chunked: state = .chunkSize(Partial(request: request))
                }
            case .body(var partial, let remaining):
                guard let left = take(remaining, into: &partial) else { return nil }
                if left == 0 { return finish(partial) }
                state = .body(partial, remaining: left)
            case .chunkSize(let partial):
                guard let line = try readLine(limit: 1024) else { return nil }
                let sizeText = line.split(separator: UInt8(ascii: ";"), maxSplits: 1).first ?? []
                guard let size = Int(String(decoding: sizeText, as: UTF8.self).trimmingHTTPSpaces(), radix: 16),
                    size >= 0
                else { throw MalformedRequest() }
                state = size == 0 ? .trailers(partial) : .chunkData(partial, remaining: size)
            case .chunkData(var partial, let remaining):
                guard let left = take(remaining, into: &partial) else { return nil }
                state = left == 0 ? .chunkEnd(partial) : .chunkData(partial, remaining: left)
            case .chunkEnd(let partial):
                guard let line = try readLine(limit: 2) else { return nil }
                guard line.isEmpty else { throw MalformedRequest() }
                state = .chunkSize(partial)
            case .trailers(let partial):
                // Trailer fields are read and dropped, as before.
                guard let line = try readLine(limit: Self.maximumHeadBytes) else { return nil }
                if line.isEmpty { return finish(partial) }
            case .streamBody, .streamChunkSize, .streamChunkData, .streamChunkEnd, .streamTrailers:
                return nil
            }
        }
    }

    /// The next piece of a streamed body, `nil` when more bytes are needed.
    mutating func nextStreamPart() throws(MalformedRequest) -> StreamPart? {
        while true {
            switch state {
            case .streamBody(let remaining):
                if remaining == 0 { return endStream(trailers: []) }
                guard buffer.readableBytes > 0 else { return nil }
                let length = min(remaining, buffer.readableBytes)
                state = .streamBody(remaining: remaining - length)
                return .data(buffer.readSlice(length: length)!)
            case .streamChunkSize:
                guard let line = try readLine(limit: 1024) else { return nil }
                let sizeText = line.split(separator: UInt8(ascii: ";"), maxSplits: 1).first ?? []
                guard let size = Int(String(decoding: sizeText, as: UTF8.self).trimmingHTTPSpaces(), radix: 16),
                    size >= 0
                else { throw MalformedRequest() }
                state = size == 0 ? .streamTrailers([]) : .streamChunkData(remaining: size)
            case .streamChunkData(let remaining):
                guard buffer.readableBytes > 0 else { return nil }
                let length = min(remaining, buffer.readableBytes)
                state = length == remaining ? .streamChunkEnd : .streamChunkData(remaining: remaining - length)
                return .data(buffer.readSlice(length: length)!)
            case .streamChunkEnd:
                guard let line = try readLine(limit: 2) else { return nil }
                guard line.isEmpty else { throw MalformedRequest() }
                state = .streamChunkSize
            case .streamTrailers(var fields):
                guard let line = try readLine(limit: Self.maximumHeadBytes) else { return nil }
                if line.isEmpty { return endStream(trailers: fields) }
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw MalformedRequest() }
                let name = String(decoding: line[..<colon], as: UTF8.self)
                let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingHTTPSpaces()
                fields.append((name, String(value)))
                state = .streamTrailers(fields)
            case .head, .body, .chunkSize, .chunkData, .chunkEnd, .trailers:
                return nil
            }
        }
    }

    private mutating func endStream(trailers: [(name: String, value: String)]) -> StreamPart {
        state = .head
        streaming = false
        return .end(trailers: trailers)
    }

    /// Moves up to `remaining` body bytes into `partial`: what is still to come, `nil` when no bytes were there.
    private mutating func take(_ remaining: Int, into partial: inout Partial) -> Int? {
        guard buffer.readableBytes > 0 else { return nil }
        let length = min(remaining, buffer.readableBytes)
        var chunk = buffer.readSlice(length: length)!
        partial.append(&chunk)
        return remaining - length
    }

    private mutating func finish(_ partial: Partial) -> RuntimeAPIRequest {
        state = .head
        return partial.request
    }

    /// A line without its CRLF, `nil` when it has not fully arrived.
    private mutating func readLine(limit: Int) throws(MalformedRequest) -> [UInt8]? {
        guard let end = Self.find(Self.crlf, in: buffer) else {
            if buffer.readableBytes > limit + 2 { throw MalformedRequest() }
            return nil
        }
        guard end <= limit else { throw MalformedRequest() }
        let line = buffer.readBytes(length: end)!
        buffer.moveReaderIndex(forwardBy: 2)
        return line
    }

    private static let crlf: [UInt8] = [13, 10]
    private static let crlfcrlf: [UInt8] = [13, 10, 13, 10]

    /// The offset of `marker` (which starts with CR) in the readable bytes.
    private static func find(_ marker: [UInt8], in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard let base = bytes.baseAddress, bytes.count >= marker.count else { return nil }
            var index = 0
            let last = bytes.count - marker.count
            while index <= last {
                // memchr: a generic search over a raw buffer slice is several times slower.
                guard let found = memchr(base + index, 13, last - index + 1) else { return nil }
                let cr = base.distance(to: UnsafeRawPointer(found))
                if marker.indices.allSatisfy({ bytes[cr + $0] == marker[$0] }) { return cr }
                index = cr + 1
            }
            return nil
        }
    }

    private enum Framing {
        case length(Int)
        case chunked
    }

    /// The request line and headers (with their final blank line); `nil` when they are not HTTP/1.x.
    private static func parseHead(_ head: ByteBuffer) -> (RuntimeAPIRequest, Framing)? {
        head.withUnsafeReadableBytes { bytes -> (RuntimeAPIRequest, Framing)? in
            guard let lineEnd = bytes.firstIndex(of: 13) else { return nil }
            let parts = bytes[..<lineEnd].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(\.isTokenCharacter), !parts[1].isEmpty
            else { return nil }
            let version = parts[2]
            guard version.count == 8, version.starts(with: "HTTP/1.".utf8), let minor = version.last,
                minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1")
            else { return nil }

            let method: RuntimeAPIRequest.Method =
                parts[0].elementsEqual("GET".utf8) ? .get : parts[0].elementsEqual("POST".utf8) ? .post : .other
            let target = parts[1]
            let pathEnd = target.firstIndex(of: UInt8(ascii: "?")) ?? target.endIndex
            let path = String(decoding: target[..<pathEnd], as: UTF8.self)

            var contentLength: Int?
            var chunked = false
            var streamingMode = false
            var connection: [UInt8] = []
            for (name, value) in HeaderLines(bytes) {
                guard !name.isEmpty, name.allSatisfy(\.isTokenCharacter) else { return nil }
                if name.elementsEqualIgnoringCase("content-length".utf8) {
                    guard !value.isEmpty, value.allSatisfy({ $0 >= 48 && $0 <= 57 }), value.count <= 18 else { return nil }
                    let length = Int(String(decoding: value, as: UTF8.self))!
                    guard contentLength == nil || contentLength == length else { return nil }
                    contentLength = length
                } else if name.elementsEqualIgnoringCase("transfer-encoding".utf8) {
                    // Only chunked framing is understood; it must come last.
                    let last = value.split(separator: UInt8(ascii: ",")).last ?? []
                    guard String(decoding: last, as: UTF8.self).trimmingHTTPSpaces().lowercased() == "chunked" else {
                        return nil
                    }
                    chunked = true
                } else if name.elementsEqualIgnoringCase(RuntimeAPIWire.Header.responseMode.utf8) {
                    streamingMode = value.elementsEqualIgnoringCase("streaming".utf8)
                } else if name.elementsEqualIgnoringCase("connection".utf8) {
                    connection += value.map { $0 | 0x20 }
                    connection.append(UInt8(ascii: ","))
                }
            }
            // Both framings at once is how requests get smuggled; llhttp refuses it too.
            if chunked && contentLength != nil { return nil }
            let connectionTokens = String(decoding: connection, as: UTF8.self)
            let keepAlive =
                minor == UInt8(ascii: "1")
                ? !connectionTokens.split(separator: ",").contains { $0.trimmingHTTPSpaces() == "close" }
                : connectionTokens.split(separator: ",").contains { $0.trimmingHTTPSpaces() == "keep-alive" }
            let request = RuntimeAPIRequest(
                method: method, path: path, keepAlive: keepAlive, head: head, body: ByteBuffer(), bodyTooLarge: false,
                streaming: streamingMode && method == .post && path.hasSuffix("/response"))
            return (request, chunked ? .chunked : .length(contentLength ?? 0))
        }
    }
}

/// The header fields of a request head (the lines after the request line), as name and trimmed value bytes. A line
/// that is not `name: value` yields an empty name.
private struct HeaderLines: Sequence, IteratorProtocol {
    private let bytes: UnsafeRawBufferPointer
    private var index: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        // After the request line.
        index = (bytes.firstIndex(of: 10) ?? bytes.count - 1) + 1
    }

    mutating func next() -> (name: Slice<UnsafeRawBufferPointer>, value: Slice<UnsafeRawBufferPointer>)? {
        guard index < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + index, 10, bytes.count - index)
        else { return nil }
        let lineEnd = base.distance(to: UnsafeRawPointer(found))
        var end = lineEnd
        if end > index && bytes[end - 1] == 13 { end -= 1 }
        let line = bytes[index..<end]
        index = lineEnd + 1
        if line.isEmpty { return nil }  // the blank line that ends the head
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return (bytes[index..<index], line) }
        var valueStart = colon + 1
        var valueEnd = end
        while valueStart < valueEnd && (bytes[valueStart] == 32 || bytes[valueStart] == 9) { valueStart += 1 }
        while valueEnd > valueStart && (bytes[valueEnd - 1] == 32 || bytes[valueEnd - 1] == 9) { valueEnd -= 1 }
        return (bytes[line.startIndex..<colon], bytes[valueStart..<valueEnd])
    }
}

extension Collection<UInt8> {
    fileprivate func elementsEqualIgnoringCase(_ other: some Collection<UInt8>) -> Bool {
        count == other.count && zip(self, other).allSatisfy { Self.lowercased($0) == Self.lowercased($1) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte | 0x20 : byte
    }
}

extension UInt8 {
    /// RFC 9110 `tchar`.
    fileprivate var isTokenCharacter: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(self)
        }
    }
}

extension StringProtocol where SubSequence == Substring {
    fileprivate func trimmingHTTPSpaces() -> Substring {
        let isSpace = { (c: Character) in c == " " || c == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
