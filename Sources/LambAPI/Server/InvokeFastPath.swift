import Foundation
import HTTPTypes
import LambCore
import LambEngine
import NIOCore
import NIOHTTP1

/// Answers synchronous Invoke requests (`POST /2015-03-31/functions/{name}/invocations`, `RequestResponse`) on the
/// connection's event loop, in front of Hummingbird (through ``ConnectionFastPath``); every other request goes
/// through untouched.
///
/// Its answers are raw bytes written past NIO's encoder. Both paths answer through ``SyncInvocation``, so callers see
/// no difference.
struct InvokeFastPath: FastPathAnswerer {
    struct Claim: Sendable {
        /// The request headers the invocation reads.
        var fields: HTTPFields
        /// The function and options, or why Lambda refuses them (answered once the body has been read).
        var target: Result<SyncInvocation.Target, any Error>
    }

    let invocation: SyncInvocation

    /// The invocation this path answers, or `nil` for a request the router should see (other paths, other
    /// invocation types, `Expect: 100-continue`, which the router's stack handles).
    func claim(_ head: HTTPRequestHead) -> FastPathClaim<Claim>? {
        guard head.method == .POST, let (name, query) = InvokePath.parse(head.uri) else { return nil }
        let invocationType = head.headers.first(name: LambdaAPIWire.Header.invocationType)
        guard invocationType == nil || invocationType == "RequestResponse", !head.headers.contains(name: "expect")
        else {
            return nil
        }
        var fields = HTTPFields()
        for name in SyncInvocation.requestHeaders {
            if let value = head.headers.first(name: name.rawName) { fields[name] = value }
        }
        let target = Result { [fields] () throws -> SyncInvocation.Target in
            try invocation.target(
                functionName: InvokePath.percentDecoded(name), qualifier: query.flatMap(InvokePath.qualifier(in:)),
                headers: fields)
        }
        return FastPathClaim(
            claim: Claim(fields: fields, target: target), bodyLimit: Quotas.syncPayloadBytes,
            closeAfter: !head.isKeepAlive)
    }

    func answer(_ claim: FastPathClaim<Claim>, body: ByteBuffer, tooLarge: Bool) async -> FastPathAnswer {
        let answer: (HTTPResponse.Status, HTTPFields, ByteBuffer)
        do {
            let target = try claim.claim.target.get()
            if tooLarge { throw SyncInvocation.payloadTooLarge }
            let (fields, payload) = try await invocation.run(target, headers: claim.claim.fields, payload: body)
            answer = (.ok, fields, payload)
        } catch let error as LambError {
            answer = AWSResponse.errorParts(error)
        } catch {
            answer = AWSResponse.errorParts(LambError.service("Lamb failed to handle the request: \(error)"))
        }
        return Self.raw(answer, closeAfter: claim.closeAfter)
    }

    /// The response as the router's server writes it (with its `Date` and `Server` headers), in one buffer when the
    /// body is small.
    private static func raw(_ answer: (HTTPResponse.Status, HTTPFields, ByteBuffer), closeAfter: Bool) -> FastPathAnswer
    {
        let (status, fields, body) = answer
        let inline = body.readableBytes <= 4096
        var head = ByteBufferAllocator().buffer(capacity: 256 + (inline ? body.readableBytes : 0))
        head.writeStaticString("HTTP/1.1 ")
        head.writeString(String(status.code))
        head.writeStaticString(" ")
        head.writeString(status.reasonPhrase)
        head.writeStaticString("\r\n")
        for field in fields {
            head.writeString(field.name.rawName)
            head.writeStaticString(": ")
            head.writeString(field.value)
            head.writeStaticString("\r\n")
        }
        head.writeStaticString("Content-Length: ")
        head.writeString(String(body.readableBytes))
        head.writeStaticString("\r\nDate: ")
        head.writeString(HTTPDate.now())
        head.writeStaticString(
            closeAfter ? "\r\nServer: Lamb\r\nConnection: close\r\n\r\n" : "\r\nServer: Lamb\r\n\r\n")
        guard inline else { return .raw(head, body: body) }
        var rest = body
        head.writeBuffer(&rest)
        return .raw(head, body: nil)
    }
}

/// The Invoke path: `/2015-03-31/functions/{FunctionName}/invocations[?Qualifier=...]`.
enum InvokePath {
    private static let prefix = "/2015-03-31/functions/"
    private static let suffix = "/invocations"

    /// The function name segment (still percent-encoded) and the query, or `nil` for any other path. Compares UTF-8
    /// bytes: `Substring.hasPrefix` compares characters, which is several times slower on every invocation.
    static func parse(_ path: String) -> (name: Substring, query: Substring?)? {
        let utf8 = path.utf8
        let routeEnd = utf8.firstIndex(of: UInt8(ascii: "?")) ?? utf8.endIndex
        let route = utf8[..<routeEnd]
        guard route.count > prefix.utf8.count + suffix.utf8.count, route.starts(with: prefix.utf8),
            route.reversed().starts(with: suffix.utf8.reversed())
        else { return nil }
        let nameStart = utf8.index(route.startIndex, offsetBy: prefix.utf8.count)
        let nameEnd = utf8.index(routeEnd, offsetBy: -suffix.utf8.count)
        guard !utf8[nameStart..<nameEnd].contains(UInt8(ascii: "/")) else { return nil }
        let query = routeEnd == utf8.endIndex ? nil : path[utf8.index(after: routeEnd)...]
        return (path[nameStart..<nameEnd], query)
    }

    /// The `Qualifier` query parameter, percent-decoded.
    static func qualifier(in query: Substring) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0] == "Qualifier" { return parts.count > 1 ? percentDecoded(parts[1]) : "" }
        }
        return nil
    }

    /// `%XX` escapes decoded (botocore encodes the `:` of ARNs as `%3A`); text without escapes is returned as is.
    /// Also what the router's path parameters go through (`Parameters.decoded`).
    static func percentDecoded(_ text: Substring) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        return String(text).removingPercentEncoding ?? String(text)
    }
}
