import Foundation
import LambAuth
import NIOCore
import NIOHTTP1

/// Holds each request of a connection that must be signed until its body is in, then verifies its signature
/// (``APIAccessPolicy``): a verified request goes on unchanged, a refused one goes on as a request for the refusal
/// route (``refusedPath``), so that it is answered in its turn like any other request, behind earlier ones of the
/// same connection.
///
/// Sits right behind NIO's HTTP/1 decoder, in front of ``InvokeFastPath``; connections that need no signature never
/// get one.
final class SignedRequestGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    /// The route that answers refusals, with the error in ``refusalHeaders``.
    static let refusedPath = "/_lamb/v1/refused"
    static let refusalHeaders = (type: "x-lamb-refused-type", message: "x-lamb-refused-message",
                                 status: "x-lamb-refused-status")
    /// Set by the gate alone (a client's own is removed) when the signer is another account's caller
    /// (`--auth-key ID:SECRET:ACCOUNT`).
    static let callerAccountHeader = "x-lamb-caller-account"
    /// Larger bodies are refused unread (a zip upload, base64 in JSON, stays well below).
    static let bodyLimit = 128 * 1024 * 1024

    private let policy: APIAccessPolicy
    private let fromEnvironment: Bool
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false

    init(policy: APIAccessPolicy, fromEnvironment: Bool) {
        self.policy = policy
        self.fromEnvironment = fromEnvironment
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var requestHead):
            // Only the gate may say a request was refused.
            for name in [Self.refusalHeaders.type, Self.refusalHeaders.message, Self.refusalHeaders.status,
                         Self.callerAccountHeader] {
                requestHead.headers.remove(name: name)
            }
            head = requestHead
            body = nil
            tooLarge = false
        case .body(var chunk):
            guard !tooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > Self.bodyLimit {
                tooLarge = true
                body = nil
            } else if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
        case .end(let trailers):
            guard var requestHead = head else { return }
            head = nil
            var failure: AuthFailure?
            if tooLarge {
                failure = Self.tooLargeFailure
            } else if !Self.isOpen(requestHead) {
                switch check(requestHead) {
                case .failure(let refused): failure = refused
                case .success(let key):
                    // Another account's caller: the routes check the resource policy for it (CrossAccountCallers).
                    if let account = key.account { requestHead.headers.add(name: Self.callerAccountHeader, value: account) }
                }
            }
            if let failure {
                forwardRefusal(failure, like: requestHead, context: context)
            } else {
                context.fireChannelRead(wrapInboundOut(.head(requestHead)))
                if let body { context.fireChannelRead(wrapInboundOut(.body(body))) }
                context.fireChannelRead(wrapInboundOut(.end(trailers)))
            }
            body = nil
        }
    }

    private func check(_ requestHead: HTTPRequestHead) -> Result<AccessKey, AuthFailure> {
        let (path, query) = Self.split(requestHead.uri)
        let payload = body.map { CanonicalRequest.hexSHA256($0.readableBytesView) }
            ?? CanonicalRequest.hexSHA256([UInt8]())
        let request = SignedRequestVerifier.Request(
            method: requestHead.method.rawValue, rawPath: String(path), rawQuery: String(query),
            headers: requestHead.headers.map { (name: $0.name, value: $0.value) }, payloadHash: payload)
        switch policy.verifier.verify(request) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let key):
            guard fromEnvironment else { return .success(key) }
            if let refusal = policy.refusal(environmentRequest: requestHead.method.rawValue, path: path, signer: key) {
                return .failure(refusal)
            }
            return .success(key)
        }
    }

    private func forwardRefusal(_ failure: AuthFailure, like original: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: Self.refusalHeaders.type, value: failure.type)
        // Header values must stay on one line and in ASCII; the route reads it back percent-decoded.
        headers.add(
            name: Self.refusalHeaders.message,
            value: CanonicalRequest.percentEncode(failure.message, keepSlash: true))
        headers.add(name: Self.refusalHeaders.status, value: String(failure.status))
        if let host = original.headers.first(name: "host") { headers.add(name: "host", value: host) }
        if !original.isKeepAlive { headers.add(name: "connection", value: "close") }
        let refusal = HTTPRequestHead(version: original.version, method: .GET, uri: Self.refusedPath, headers: headers)
        context.fireChannelRead(wrapInboundOut(.head(refusal)))
        context.fireChannelRead(wrapInboundOut(.end(nil)))
    }

    static let tooLargeFailure = AuthFailure(
        type: "RequestTooLargeException", message: "Request must be smaller than \(bodyLimit) bytes.", status: 413)

    /// The health check answers anyone: it tells nothing but that Lamb runs, and supervisors cannot sign.
    static func isOpen(_ head: HTTPRequestHead) -> Bool {
        head.method == .GET && split(head.uri).0 == "/_lamb/v1/health"
    }

    static func split(_ uri: String) -> (Substring, Substring) {
        guard let mark = uri.firstIndex(of: "?") else { return (Substring(uri), "") }
        return (uri[..<mark], uri[uri.index(after: mark)...])
    }
}
