import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import NIOCore
import NIOHTTP1

/// Builds Lambda API responses: JSON bodies, and errors in the shape botocore parses (`x-amzn-ErrorType` header
/// plus a JSON body with the message under the key the service model names).
enum AWSResponse {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes]
        return e
    }()

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, requestId: String = Identifiers.requestId())
        throws -> Response
    {
        let data = try encoder.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json", .amznRequestId: requestId],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func empty(status: HTTPResponse.Status, requestId: String = Identifiers.requestId()) -> Response {
        Response(status: status, headers: [.amznRequestId: requestId])
    }

    static func error(_ error: LambError, requestId: String = Identifiers.requestId()) -> Response {
        let (status, headers, body) = errorParts(error, requestId: requestId)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// An error as status, headers and JSON body, for writers that do not go through Hummingbird's `Response`.
    static func errorParts(_ error: LambError, requestId: String = Identifiers.requestId())
        -> (HTTPResponse.Status, HTTPFields, ByteBuffer)
    {
        let shape = error.code.awsShape
        var body: [String: Any] = ["Type": shape.status >= 500 ? "Service" : "User", shape.messageKey: error.message]
        var headers: HTTPFields = [
            .contentType: "application/json", .amznRequestId: requestId, .amznErrorType: shape.type,
        ]
        if case .tooManyRequests(let reason, let retryAfter) = error.code {
            body["Reason"] = reason.rawValue
            headers[.retryAfter] = String(retryAfter)
        }
        // Sorted keys: a dictionary's order changes from one error to the next, and clients comparing bodies should
        // not see it.
        let data =
            (try? JSONSerialization.data(withJSONObject: body, options: [.withoutEscapingSlashes, .sortedKeys])) ?? Data()
        return (HTTPResponse.Status(code: shape.status), headers, ByteBuffer(bytes: data))
    }

    /// The answer to bytes that are not an HTTP/1 request (NIO's decoder failed): an AWS error, and the connection
    /// closes after it.
    @Sendable static func malformedRequest(_ error: HTTPParserError) -> (HTTPResponseHead, ByteBuffer) {
        let (status, fields, body) = errorParts(
            LambError(.invalidRequestContent, "The request is not valid HTTP/1.1 (\(error))."))
        var headers = HTTPHeaders(fields.map { ($0.name.rawName, $0.value) })
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        return (HTTPResponseHead(version: .http1_1, status: .init(statusCode: status.code), headers: headers), body)
    }

    /// Runs a route body, answering any thrown error as an AWS error instead of a 500 with a stack trace.
    static func handling(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as LambError {
            return Self.error(error)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            // `Request.body.collect(upTo:)` throws NIO's `NIOTooManyBytesError`, which Hummingbird maps to 413; any
            // body over a route's limit is Lambda's RequestTooLargeException, never a ServiceException.
            return Self.error(LambError(.requestTooLarge, "Request must be smaller than the size limit of this operation"))
        } catch let error as HTTPParserError {
            // A body that breaks HTTP/1 (a bad chunk size) is the client's mistake; the connection closes after this.
            return Self.error(LambError(.invalidRequestContent, "Could not read the request body: \(error)"))
        } catch {
            return Self.error(LambError.service("Lamb failed to handle the request: \(error)"))
        }
    }
}

extension HTTPField.Name {
    static let amznRequestId = HTTPField.Name(LambdaAPIWire.Header.requestId)!
    static let amznErrorType = HTTPField.Name(LambdaAPIWire.Header.errorType)!
    static let amzInvocationType = HTTPField.Name(LambdaAPIWire.Header.invocationType)!
    static let amzLogType = HTTPField.Name(LambdaAPIWire.Header.logType)!
    static let amzClientContext = HTTPField.Name(LambdaAPIWire.Header.clientContext)!
    static let amzTenantId = HTTPField.Name(LambdaAPIWire.Header.tenantId)!
    static let amzExecutedVersion = HTTPField.Name(LambdaAPIWire.Header.executedVersion)!
    static let amzFunctionError = HTTPField.Name(LambdaAPIWire.Header.functionError)!
    static let amzLogResult = HTTPField.Name(LambdaAPIWire.Header.logResult)!
}

extension Request {
    /// The body, at most `limit` bytes.
    func bodyData(limit: Int) async throws -> Data {
        let buffer = try await body.collect(upTo: limit)
        return Data(buffer.readableBytesView)
    }
}

extension Parameters {
    /// A path parameter, percent-decoded (botocore encodes `:` in ARNs as `%3A`).
    func decoded(_ name: String) -> String {
        InvokePath.percentDecoded((get(name) ?? "")[...])
    }
}
