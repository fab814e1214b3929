import Foundation
import Hummingbird
import LambCore
import LambStore
import NIOCore

/// `GET /_lamb/v1/history`: the invocation history (`lamb history`), newest `limit` records oldest first; poll with
/// `after=nextAfter` to follow.
extension LambdaAPI {
    func addHistoryRoutes(to router: Router<BasicRequestContext>) {
        guard let history else { return }
        router.get("/_lamb/v1/history") { request, _ in
            await AWSResponse.handling {
                let query = try Self.historyQuery(request.uri.queryParameters)
                let records = try await history.read(query)
                let output: [String: Any] = [
                    "invocations": records.map(Self.historyJSON), "nextAfter": records.last?.id ?? query.after,
                ]
                let data = try JSONSerialization.data(
                    withJSONObject: output, options: [.withoutEscapingSlashes, .sortedKeys])
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
            }
        }
    }

    static func historyQuery(_ parameters: Hummingbird.Parameters) throws -> LambDatabase.InvocationQuery {
        var query = LambDatabase.InvocationQuery()
        query.function = parameters.get("function").map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
        query.after = parameters.get("after").flatMap { Int64($0) } ?? 0
        query.limit = min(max(parameters.get("limit").flatMap { Int($0) } ?? 100, 1), 10_000)
        query.coldOnly = parameters.get("cold") == "1" || parameters.get("cold") == "true"
        query.errorsOnly = parameters.get("errors") == "1" || parameters.get("errors") == "true"
        if let since = parameters.get("since") {
            guard let date = HistoryTime.parse(String(since)) else {
                throw LambError.invalidParameter("since must be a time (2026-05-01T12:00:00Z) or an age (15m, 2h, 7d)")
            }
            query.since = date
        }
        return query
    }

    static func historyJSON(_ r: InvocationRecord) -> [String: Any] {
        var item: [String: Any] = [
            "id": r.id, "requestId": r.requestId, "function": r.function, "version": r.version,
            "invokedFunctionArn": r.invokedFunctionArn, "invocationType": r.invocationType,
            "trigger": r.trigger.rawValue, "startKind": r.startKind.rawValue, "durationMs": r.durationMs,
            "billedDurationMs": r.billedDurationMs, "memorySizeMB": r.memorySizeMB,
            "maxMemoryUsedMB": r.maxMemoryUsedMB, "architecture": r.architecture, "outcome": r.outcome.rawValue,
            "payloadBytes": r.payloadBytes, "resultBytes": r.resultBytes,
            "startedAt": LambdaTimestamp.iso8601(r.startedAt), "traceId": r.traceId,
        ]
        if let alias = r.alias { item["alias"] = alias }
        if let id = r.environmentId { item["environmentId"] = id }
        if let ms = r.initDurationMs { item["initDurationMs"] = ms }
        if let ms = r.restoreDurationMs { item["restoreDurationMs"] = ms }
        if let type = r.errorType { item["errorType"] = type }
        return item
    }
}
