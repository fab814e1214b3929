import Foundation
import LambCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An HTTP/1.1 response from the Runtime API.
struct RuntimeAPIResponse: Sendable {
    var status: Int
    /// Header names lower-cased.
    var headers: [String: String]
    var body: Data
}

/// One persistent HTTP/1.1 connection to the Runtime API (`host:port`), reopened only when the server closes it,
/// as the Runtime API expects. Requests block, so they run on one serial queue, off Swift's cooperative pool.
final class RuntimeAPIConnection: @unchecked Sendable {
    // @unchecked: `fd` and `buffer` are touched only on `queue`, which runs one request at a time.
    private let host: String
    private let port: UInt16
    private let queue = DispatchQueue(label: "lamb.runtime-api-connection")
    private var fd: Int32 = -1
    private var buffer = Data()

    init(address: String) throws {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw LambdaRuntimeError.invalidAddress(address)
        }
        self.host = String(address[..<colon])
        self.port = port
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    func request(method: String, path: String, headers: [(String, String)] = [], body: Data? = nil) async throws
        -> RuntimeAPIResponse
    {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(
                    with: Result { try self.perform(method: method, path: path, headers: headers, body: body) })
            }
        }
    }

    private func perform(method: String, path: String, headers: [(String, String)], body: Data?) throws
        -> RuntimeAPIResponse
    {
        if fd < 0 { try openConnection() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: lamb-runtime-client\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        var message = Data(head.utf8)
        if let body { message.append(body) }
        do {
            try writeAll(message)
            let response = try readResponse()
            if response.headers["connection"]?.lowercased() == "close" { disconnect() }
            return response
        } catch {
            disconnect()
            throw error
        }
    }

    private func openConnection() throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
            throw LambdaRuntimeError.connectionFailed("cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        let newFD = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard newFD >= 0 else { throw LambdaRuntimeError.connectionFailed("socket: errno \(errno)") }
        guard connect(newFD, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let code = errno
            close(newFD)
            throw LambdaRuntimeError.connectionFailed("connect to \(host):\(port): errno \(code)")
        }
        var one: Int32 = 1
        setsockopt(newFD, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
            setsockopt(newFD, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        fd = newFD
        buffer.removeAll()
    }

    private func disconnect() {
        if fd >= 0 { close(fd) }
        fd = -1
        buffer.removeAll()
    }

    private func writeAll(_ data: Data) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Self.sendFlags)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw LambdaRuntimeError.connectionFailed("send: errno \(errno)") }
                offset += n
            }
        }
    }

    #if canImport(Glibc)
        private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
        private static let sendFlags: Int32 = 0
    #endif

    /// Reads more bytes into `buffer`; throws when the server closed the connection.
    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw LambdaRuntimeError.connectionFailed("the Runtime API closed the connection") }
            buffer.append(contentsOf: chunk[0..<n])
            return
        }
    }

    private func readLine() throws -> String {
        let crlf = Data("\r\n".utf8)
        while true {
            if let range = buffer.range(of: crlf) {
                let line = String(decoding: buffer[buffer.startIndex..<range.lowerBound], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex..<range.upperBound)
                return line
            }
            try fill()
        }
    }

    private func readBytes(_ count: Int) throws -> Data {
        while buffer.count < count { try fill() }
        let bytes = buffer.prefix(count)
        buffer.removeFirst(count)
        return Data(bytes)
    }

    private func readResponse() throws -> RuntimeAPIResponse {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw LambdaRuntimeError.badResponse("status line '\(statusLine)'")
        }
        var headers: [String: String] = [:]
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data()
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";")[0].trimmingCharacters(in: .whitespaces), radix: 16)
                else { throw LambdaRuntimeError.badResponse("chunk size '\(sizeLine)'") }
                if size == 0 {
                    while try !readLine().isEmpty {}  // trailers
                    break
                }
                body.append(try readBytes(size))
                _ = try readLine()
            }
        } else if let length = headers["content-length"].flatMap(Int.init) {
            body = try readBytes(length)
        }
        return RuntimeAPIResponse(status: status, headers: headers, body: body)
    }
}
