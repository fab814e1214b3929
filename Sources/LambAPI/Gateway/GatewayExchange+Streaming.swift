import HTTPTypes
import Hummingbird
import LambCore
import LambEngine
import LambGateway
import NIOCore

/// `InvokeMode: RESPONSE_STREAM` Function URLs: the function's stream goes to the client as a chunked HTTP body, a
/// piece as it arrives. A stream that starts with the HTTP-integration prelude (``HTTPIntegrationPrelude``) gives the
/// status and headers; without one the answer is 200 with the stream's own content type (Node's default is
/// `application/octet-stream`). A function that answers buffered is answered as on a `BUFFERED` URL.
extension GatewayExchange {
    func finishStreaming(_ request: GatewayRequest, target: GatewayTarget, method: HTTPRequest.Method) async
        -> Response
    {
        let route = target.match.route
        let prepared = await prepare(request, target: target)
        let request: GatewayRequest
        let event: [UInt8]
        switch prepared {
        case .refused(let answer): return GatewayResponder.response(answer, method: method)
        case .invoke(let authorized, let bytes): (request, event) = (authorized, bytes)
        }
        let buffered = { (outcome: GatewayInvocationOutcome) -> Response in
            var response = ProxyResult.respond(to: outcome, route: route, requestId: request.requestId)
            if let cors = target.cors { response = cors.decorate(response, for: request) }
            return GatewayResponder.response(response, method: method)
        }
        let start: StreamedInvocation.Start
        do {
            let function = route.functionName
            let qualifier = target.qualifier ?? route.qualifier
            let definition = try registry.definition(
                FunctionReference(name: function, qualifier: qualifier), draw: Identifiers.unitDraw())
            let invocation = InvocationRequest(
                payload: ByteBuffer(bytes: event),
                invokedFunctionArn: registry.account.functionArn(function, qualifier: qualifier),
                trigger: .functionURL)
            start = try await StreamedInvocation.start(definition, invocation, engine: invoker.engine)
        } catch {
            return buffered(.rejected)
        }
        switch start {
        case .finished(let result):
            return buffered(result.functionError != nil ? .functionError : .returned(Array(buffer: result.payload)))
        case .streaming(let streamed, _):
            let reader = ChunkReader(streamed.chunks)
            var head = GatewayResponse(status: 200, headers: [("content-type", streamed.contentType)])
            var first: [UInt8] = []
            if streamed.contentType == HTTPIntegrationPrelude.contentType {
                reading: while let chunk = await reader.next() {
                    first += chunk.readableBytesView
                    switch HTTPIntegrationPrelude.read(first) {
                    case .needMore: continue
                    case .found(let prelude, let bodyStart):
                        head = GatewayResponse(status: prelude.statusCode, headers: prelude.headers)
                        first.removeFirst(bodyStart)
                        break reading
                    case .invalid:
                        // Not a prelude after all: the bytes are the body.
                        head.headers = [("content-type", "application/octet-stream")]
                        break reading
                    }
                }
            }
            if !head.headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                head.headers.append(("content-type", "application/octet-stream"))
            }
            head.headers.append(("x-amzn-requestid", request.requestId))
            if let cors = target.cors { head = cors.decorate(head, for: request) }
            let answer = GatewayResponder.response(head, method: method)
            if method == .head { return answer }
            // The head was made with an empty body, whose length it carries: the streamed body has none (chunked).
            var headers = answer.headers
            headers[.contentLength] = nil
            return Response(status: answer.status, headers: headers, body: ResponseBody { [first] writer in
                if !first.isEmpty { try await writer.write(ByteBuffer(bytes: first)) }
                while let chunk = await reader.next() { try await writer.write(chunk) }
                try await writer.finish(nil)
            })
        }
    }
}

/// The iterator of a streamed response's chunks, read first by the route (for the prelude) and then by the response
/// body's writer, once the route has returned.
///
/// `@unchecked Sendable`: an `AsyncStream` iterator is not `Sendable`, but it is only ever used by one task at a time
/// here (the route, then the writer it hands over to), never concurrently.
private final class ChunkReader: @unchecked Sendable {
    private var iterator: AsyncStream<ByteBuffer>.Iterator

    init(_ chunks: AsyncStream<ByteBuffer>) {
        iterator = chunks.makeAsyncIterator()
    }

    func next() async -> ByteBuffer? {
        await iterator.next()
    }
}
