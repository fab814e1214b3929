import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import LambEngine
import NIOCore

/// InvokeWithResponseStream: `POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations`.
///
/// The answer is 200 with an event stream (``EventStreamEncoder``): a `PayloadChunk` per piece the function streams,
/// as it arrives, then one `InvokeComplete` carrying the function's error, if any, and the log tail. A function that
/// answers buffered gets one `PayloadChunk` with its whole response, as on Lambda. Lamb's own refusals (no such
/// function, throttles, bad payloads) are ordinary AWS errors, before any event.
extension LambdaAPI {
    func addStreamingInvokeRoutes(to router: Router<BasicRequestContext>) {
        router.post("/2021-11-15/functions/:name/response-streaming-invocations") { request, context in
            await AWSResponse.handling { try await invokeWithResponseStream(request, context) }
        }
    }

    private func invokeWithResponseStream(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let target = try syncInvocation.target(
            functionName: context.parameters.decoded("name"), qualifier: request.uri.queryParameters.get("Qualifier"),
            headers: request.headers)
        if try SyncInvocation.invocationType(request.headers, allowed: ["RequestResponse", "DryRun"]) == "DryRun" {
            return AWSResponse.empty(status: .noContent)
        }
        let payload: ByteBuffer
        do {
            payload = try await request.body.collect(upTo: Quotas.syncPayloadBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw SyncInvocation.payloadTooLarge
        }
        let invocation = try await syncInvocation.request(target, headers: request.headers, payload: payload)
        let start = try await StreamedInvocation.start(target.definition, invocation, engine: engine)
        let headers: HTTPFields = [
            .contentType: EventStreamEncoder.contentType, .amznRequestId: invocation.requestId,
            .amzExecutedVersion: target.definition.version,
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            switch start {
            case .finished(let result):
                if result.functionError == nil {
                    try await writer.write(EventStreamEncoder.payloadChunk(result.payload))
                }
                try await writer.write(EventStreamEncoder.invokeComplete(result))
            case .streaming(let response, let completion):
                for await chunk in response.chunks {
                    try await writer.write(EventStreamEncoder.payloadChunk(chunk))
                }
                try await writer.write(EventStreamEncoder.invokeComplete(try await completion.value))
            }
            try await writer.finish(nil)
        })
    }
}

extension EventStreamEncoder {
    static let contentType = "application/vnd.amazon.eventstream"

    /// A `PayloadChunk` event: the bytes as they are.
    static func payloadChunk(_ bytes: ByteBuffer) -> ByteBuffer {
        event("PayloadChunk", contentType: "application/octet-stream", payload: bytes)
    }

    /// The `InvokeComplete` event that ends every stream: `ErrorCode` (the error type) and `ErrorDetails` (its
    /// message) when the function failed, `LogResult` (base64 of the log tail) when asked for.
    static func invokeComplete(_ result: InvocationResponse) -> ByteBuffer {
        guard result.functionError != nil else { return invokeComplete(logTail: result.logTail) }
        return invokeComplete(
            errorCode: result.errorType ?? "Function.Unknown",
            errorDetails: errorMessage(in: result.payload) ?? String(buffer: result.payload), logTail: result.logTail)
    }

    static func invokeComplete(errorCode: String? = nil, errorDetails: String? = nil, logTail: String?) -> ByteBuffer {
        var fields: [String: String] = [:]
        if let errorCode { fields["ErrorCode"] = errorCode }
        if let errorDetails { fields["ErrorDetails"] = errorDetails }
        if let logTail { fields["LogResult"] = Data(logTail.utf8).base64EncodedString() }
        let json = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return event("InvokeComplete", contentType: "application/json", payload: ByteBuffer(bytes: json))
    }

    private static func errorMessage(in payload: ByteBuffer) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.readableBytesView)) as? [String: Any]
        else { return nil }
        return object["errorMessage"] as? String
    }
}
