import Foundation
import HTTPTypes
import LambCore
import LambEngine
import NIOCore

/// A synchronous Invoke (`RequestResponse`) from the request's parts to the answer's: shared by the Hummingbird route
/// and the connection fast path (``InvokeFastPath``), so both answer exactly alike.
struct SyncInvocation: Sendable {
    let registry: FunctionRegistry
    let engine: InvocationEngine

    /// What the caller asked for, checked in Lambda's order: the function (and alias routing, drawn once per
    /// invocation), then `X-Amz-Log-Type`.
    struct Target {
        var reference: FunctionReference
        var definition: FunctionDefinition
        var wantsLogTail: Bool
    }

    /// Every request header `target` and `run` read. The connection fast path hands them only these (it does not
    /// convert the whole request), so a header read here must be listed here.
    static let requestHeaders: [HTTPField.Name] = [
        .amzLogType, .amzClientContext, .amzTenantId, traceIdField, CrossAccountCallers.header,
    ]

    func target(functionName: String, qualifier: String?, headers: HTTPFields) throws -> Target {
        let reference = try FunctionReference.parse(functionName, qualifier: qualifier)
        let definition = try registry.definition(reference, draw: Identifiers.unitDraw())
        let logType = headers[.amzLogType] ?? "None"
        guard logType == "None" || logType == "Tail" else {
            throw LambError.invalidParameter("1 validation error detected: Value '\(logType)' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]")
        }
        return Target(reference: reference, definition: definition, wantsLogTail: logType == "Tail")
    }

    /// Runs the invocation; throws only when Lamb refuses it (a function's own failure is a 200 with
    /// `X-Amz-Function-Error`).
    func run(_ target: Target, headers: HTTPFields, payload: ByteBuffer) async throws -> (HTTPFields, ByteBuffer) {
        let invocation = try await request(target, headers: headers, payload: payload)
        let result = try await engine.invoke(target.definition, invocation)

        var fields: HTTPFields = [
            .contentType: result.contentType, .amznRequestId: result.requestId,
            .amzExecutedVersion: result.executedVersion,
        ]
        if let functionError = result.functionError { fields[.amzFunctionError] = functionError }
        if let tail = result.logTail { fields[.amzLogResult] = Data(tail.utf8).base64EncodedString() }
        return (fields, result.payload)
    }

    /// The engine's request for `target`, after the checks Lambda makes before invoking (a cross-account caller's
    /// permission, the payload's JSON, the client context).
    func request(_ target: Target, headers: HTTPFields, payload: ByteBuffer) async throws -> InvocationRequest {
        if let account = headers[CrossAccountCallers.header], account != registry.account.accountId {
            try await CrossAccountCallers.require("lambda:InvokeFunction", on: target.reference, for: account, registry)
        }
        var payload = payload
        if payload.readableBytes == 0 {
            payload = ByteBuffer(staticString: "{}")
        } else {
            try InvokePayload.validateJSON(payload)
        }
        let clientContext = try InvokePayload.decodeClientContext(headers[.amzClientContext])
        let invocation = InvocationRequest(
            payload: payload,
            invokedFunctionArn: registry.account.functionArn(target.reference.name, qualifier: target.reference.qualifier),
            clientContext: clientContext, tenantId: headers[.amzTenantId],
            traceId: TraceHeader.continuing(headers[Self.traceIdField]) ?? Identifiers.traceHeader(),
            wantsLogTail: target.wantsLogTail)
        return invocation
    }

    /// `X-Amz-Invocation-Type` (default `RequestResponse`), one of `allowed` (the operation's enum in the model), or
    /// the model's validation error.
    static func invocationType(_ headers: HTTPFields, allowed: [String]) throws -> String {
        let type = headers[.amzInvocationType] ?? "RequestResponse"
        guard allowed.contains(type) else {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(type)' at 'invocationType' failed to satisfy constraint: Member "
                    + "must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
        }
        return type
    }

    static let payloadTooLarge = LambError(
        .requestTooLarge, "Request must be smaller than \(Quotas.syncPayloadBytes) bytes for the InvokeFunction operation")
}

/// Checks on what callers send to Invoke.
enum InvokePayload {
    /// Lambda refuses payloads that are not JSON (any JSON value, not only objects).
    static func validateJSON(_ payload: ByteBuffer) throws {
        guard JSONSyntax.isValid(payload.readableBytesView) else {
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

extension SyncInvocation {
    static let traceIdField = HTTPField.Name("X-Amzn-Trace-Id")!
}
