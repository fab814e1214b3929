import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import LambEngine
import NIOCore

/// Invoke: `POST /2015-03-31/functions/{FunctionName}/invocations`.
extension LambdaAPI {
    func addInvokeRoutes(to router: Router<BasicRequestContext>) {
        router.post("/2015-03-31/functions/:name/invocations") { request, context in
            await AWSResponse.handling { try await invoke(request, context) }
        }
    }

    private func invoke(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let reference = try FunctionReference.parse(
            context.parameters.decoded("name"), qualifier: request.uri.queryParameters.get("Qualifier"))
        // An alias with routing picks its version here, once per invocation.
        let definition = try registry.definition(reference, draw: Double.random(in: 0..<1))
        let invocationType = request.headers[.amzInvocationType] ?? "RequestResponse"
        let logType = request.headers[.amzLogType] ?? "None"
        guard logType == "None" || logType == "Tail" else {
            throw LambError.invalidParameter("1 validation error detected: Value '\(logType)' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]")
        }
        switch invocationType {
        case "RequestResponse": break
        case "DryRun": return AWSResponse.empty(status: .noContent)
        case "Event": return try await enqueueEvent(request, reference)
        default:
            throw LambError.invalidParameter("1 validation error detected: Value '\(invocationType)' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]")
        }

        var payload: ByteBuffer
        do {
            payload = try await request.body.collect(upTo: Quotas.syncPayloadBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw LambError(.requestTooLarge, "Request must be smaller than \(Quotas.syncPayloadBytes) bytes for the InvokeFunction operation")
        }
        if payload.readableBytes == 0 {
            payload = ByteBuffer(staticString: "{}")
        } else {
            try InvokePayload.validateJSON(payload)
        }
        let clientContext = try InvokePayload.decodeClientContext(request.headers[.amzClientContext])
        let invocation = InvocationRequest(
            payload: payload, invokedFunctionArn: registry.account.functionArn(reference.name, qualifier: reference.qualifier),
            clientContext: clientContext, tenantId: request.headers[.amzTenantId], wantsLogTail: logType == "Tail")
        let result = try await engine.invoke(definition, invocation)

        var headers: HTTPFields = [
            .contentType: result.contentType, .amznRequestId: result.requestId,
            .amzExecutedVersion: result.executedVersion,
        ]
        if let functionError = result.functionError { headers[.amzFunctionError] = functionError }
        if let tail = result.logTail { headers[.amzLogResult] = Data(tail.utf8).base64EncodedString() }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: result.payload))
    }
}

/// Checks on what callers send to Invoke.
enum InvokePayload {
    /// Lambda refuses payloads that are not JSON (any JSON value, not only objects).
    static func validateJSON(_ payload: ByteBuffer) throws {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(payload.readableBytesView), options: [.fragmentsAllowed])
        } catch {
            throw LambError(
                .invalidRequestContent,
                "Could not parse request body into json: Could not parse payload into json: Unexpected character: was expecting a JSON value")
        }
    }

    /// `X-Amz-Client-Context` is base64 of a JSON object; the runtime receives the decoded JSON.
    static func decodeClientContext(_ header: String?) throws -> String? {
        guard let header, !header.isEmpty else { return nil }
        guard header.utf8.count <= Quotas.clientContextBytes else {
            throw LambError(.invalidRequestContent, "Client context must be at most \(Quotas.clientContextBytes) bytes.")
        }
        guard let data = Data(base64Encoded: header),
            (try? JSONSerialization.jsonObject(with: data)) is [String: Any]
        else {
            throw LambError(.invalidRequestContent, "Client context must be a valid Base64-encoded JSON object.")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
