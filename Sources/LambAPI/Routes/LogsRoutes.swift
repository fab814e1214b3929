import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import NIOCore

/// CloudWatch Logs on Lamb's endpoint: `POST /` with `X-Amz-Target: Logs_20140328.<Operation>` (JSON 1.1), so
/// that `aws logs ... --endpoint-url` and boto3's `logs` client read function logs unchanged.
extension LambdaAPI {
    static let logsTargetPrefix = "Logs_20140328."
    static let logsContentType = "application/x-amz-json-1.1"

    func addLogsRoutes(to router: Router<BasicRequestContext>) {
        let groups = LogGroups(registry: registry)
        let reads = LogsReadOperations(groups: groups)
        let changes = LogsGroupOperations(groups: groups)
        router.post("/") { request, _ in
            let target = request.headers[HTTPField.Name("X-Amz-Target")!] ?? ""
            // Any other `POST /` is no operation of Lamb's: the Lambda-shaped answer every unmatched request gets.
            guard target.hasPrefix(Self.logsTargetPrefix) else {
                return AWSResponse.error(UnmatchedRequests.answer(method: "POST", path: request.uri.path))
            }
            let operation = String(target.dropFirst(Self.logsTargetPrefix.count))
            do {
                let body = try await request.bodyData(limit: 1 << 20)
                switch operation {
                case "DescribeLogGroups": return try Self.logsJSON(await reads.describeLogGroups(decode(body)))
                case "DescribeLogStreams": return try Self.logsJSON(await reads.describeLogStreams(decode(body)))
                case "GetLogEvents": return try Self.logsJSON(await reads.getLogEvents(decode(body)))
                case "FilterLogEvents": return try Self.logsJSON(await reads.filterLogEvents(decode(body)))
                case "CreateLogGroup": try await changes.createLogGroup(decode(body))
                case "DeleteLogGroup": try await changes.deleteLogGroup(decode(body))
                case "PutRetentionPolicy": try await changes.putRetentionPolicy(decode(body))
                case "DeleteRetentionPolicy": try await changes.deleteRetentionPolicy(decode(body))
                case "ListTagsLogGroup": return try Self.logsJSON(await changes.listTags(decode(body)))
                case "TagLogGroup": try await changes.tag(decode(body))
                case "UntagLogGroup": try await changes.untag(decode(body))
                default:
                    throw LogsServiceError(
                        "UnknownOperationException",
                        "Lamb does not emulate the CloudWatch Logs operation \(operation); see docs/logs.md.")
                }
                return Self.logsJSON(empty: ())
            } catch let error as LogsServiceError {
                return Self.logsError(error)
            } catch let error as DecodingError {
                return Self.logsError(
                    LogsServiceError("SerializationException", "Could not read the request: \(error)"))
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                return Self.logsError(LogsServiceError.invalidParameter("The request body is over 1 MB."))
            } catch {
                return Self.logsError(
                    LogsServiceError(
                        "ServiceUnavailableException", "Lamb failed to handle the request: \(error)", status: 500))
            }
        }
    }

    private func decode<T: Decodable>(_ body: Data) throws -> T {
        // botocore sends `{}` for a request without members; an empty body is the same.
        try JSONDecoder().decode(T.self, from: body.isEmpty ? Data("{}".utf8) : body)
    }

    static func logsJSON<T: Encodable>(_ value: T) throws -> Response {
        logsResponse(.ok, try AWSResponse.encoder.encode(value))
    }

    static func logsJSON(empty: Void) -> Response { logsResponse(.ok, Data("{}".utf8)) }

    /// `{"__type": ..., "message": ...}`, the JSON 1.1 error botocore reads.
    static func logsError(_ error: LogsServiceError) -> Response {
        let body = ["__type": error.type, "message": error.message]
        let data =
            (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return logsResponse(HTTPResponse.Status(code: error.status), data)
    }

    private static func logsResponse(_ status: HTTPResponse.Status, _ data: Data) -> Response {
        Response(
            status: status,
            headers: [.contentType: logsContentType, .amznRequestId: Identifiers.requestId()],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
