import Foundation
import LambCore
import LambRuntimeAPI
import NIOCore

/// What an invocation produced, translated from the Runtime API's view into the caller's.
struct InvocationResult {
    var payload: ByteBuffer
    var contentType: String
    var functionError: String?
    var errorType: String?
    var status: InvocationReport.Status
    /// The environment cannot serve again (timeout, crash): it is killed and the next invocation is cold.
    var environmentLost: Bool
    /// The platform's log line for a crashed runtime.
    var crashLine: String?

    static func from(_ outcome: RuntimeOutcome, request: InvocationRequest, timeoutSeconds: Double) -> InvocationResult {
        switch outcome {
        case .response(let body, let contentType):
            return InvocationResult(
                payload: body, contentType: contentType ?? "application/json", functionError: nil, errorType: nil,
                status: .success, environmentLost: false)
        case .error(let body, let header):
            let type = ErrorJSON.errorType(in: body) ?? header ?? "Function.Unknown"
            let payload = body.readableBytes > 0 ? body : ByteBuffer(string: FunctionErrorPayload.json(type: type, message: "").json)
            return InvocationResult(
                payload: payload, contentType: "application/json", functionError: LambdaAPIWire.unhandled,
                errorType: type, status: .success, environmentLost: false)
        case .streaming:
            // A stream is turned into its end before this (``InvocationEngine/receive(_:for:)``).
            return InvocationResult(
                payload: ByteBuffer(), contentType: "application/octet-stream", functionError: nil, errorType: nil,
                status: .success, environmentLost: false)
        case .responseTooLarge:
            let (type, json) = FunctionErrorPayload.responseTooLarge()
            return InvocationResult(
                payload: ByteBuffer(string: json), contentType: "application/json",
                functionError: LambdaAPIWire.unhandled, errorType: type, status: .error(type: type),
                environmentLost: false)
        case .failed(.timedOut):
            let (type, json) = FunctionErrorPayload.timeout(requestId: request.requestId, timeoutSeconds: timeoutSeconds)
            return InvocationResult(
                payload: ByteBuffer(string: json), contentType: "application/json",
                functionError: LambdaAPIWire.unhandled, errorType: type, status: .timeout, environmentLost: true)
        case .failed(.exited(let exit)):
            let (type, json) = FunctionErrorPayload.exited(requestId: request.requestId, exit: exit)
            return InvocationResult(
                payload: ByteBuffer(string: json), contentType: "application/json",
                functionError: LambdaAPIWire.unhandled, errorType: type, status: .error(type: type),
                environmentLost: true,
                crashLine: "RequestId: \(request.requestId) Error: Runtime exited with error: \(exit.lambdaDescription)")
        case .failed(.shutDown):
            let (type, json) = FunctionErrorPayload.json(
                type: "Runtime.ExitError", message: "RequestId: \(request.requestId) Error: Runtime was shut down")
            return InvocationResult(
                payload: ByteBuffer(string: json), contentType: "application/json",
                functionError: LambdaAPIWire.unhandled, errorType: type, status: .error(type: type),
                environmentLost: true)
        }
    }
}

/// Reads `errorType` out of an error JSON body without decoding the rest.
enum ErrorJSON {
    static func errorType(in body: ByteBuffer) -> String? {
        guard let bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes),
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let type = object["errorType"] as? String, !type.isEmpty
        else { return nil }
        return type
    }
}
