import Foundation
import HTTPTypes
import Hummingbird
import LambCore
import LambEngine
import LambStore
import NIOCore

/// `Invoke` with `X-Amz-Invocation-Type: Event`, the deprecated `InvokeAsync`, and Lamb's endpoints for the queue
/// (`/_lamb/v1/events`) and the local sinks of destinations and dead-letter queues (`/_lamb/v1/destinations`).
extension LambdaAPI {
    /// Validates and stores the event, then answers 202 with its request id: once the caller has the 202, the event
    /// is in SQLite and survives a crash of Lamb.
    func enqueueEvent(_ request: Request, _ reference: FunctionReference) async throws -> Response {
        if let account = request.headers[CrossAccountCallers.header], account != registry.account.accountId {
            try await CrossAccountCallers.require("lambda:InvokeFunction", on: reference, for: account, registry)
        }
        var payload: ByteBuffer
        do {
            payload = try await request.body.collect(upTo: Quotas.asyncPayloadBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw LambError(
                .requestTooLarge,
                "Request must be smaller than \(Quotas.asyncPayloadBytes) bytes for the Event invocation type")
        }
        if payload.readableBytes == 0 {
            payload = ByteBuffer(staticString: "{}")
        } else {
            try InvokePayload.validateJSON(payload)
        }
        let event = AsyncEvent(
            requestId: Identifiers.requestId(), function: reference.name,
            qualifier: reference.qualifier ?? FunctionDefinition.latest,
            invokedFunctionArn: registry.account.functionArn(reference.name, qualifier: reference.qualifier),
            // The caller's trace (a function's SDK sends its own): the event continues it, with its loop counts.
            traceId: TraceHeader.continuing(request.headers[SyncInvocation.traceIdField]) ?? Identifiers.traceHeader(),
            enqueuedAt: Date())
        do {
            try await asyncQueue.enqueue(AsyncEventSubmission(event: event, payload: Data(payload.readableBytesView)))
        } catch {
            throw LambError.service("Lamb could not store the event: \(error)")
        }
        return AWSResponse.empty(status: .accepted, requestId: event.requestId)
    }

    func addAsyncRoutes(to router: Router<BasicRequestContext>) {
        // InvokeAsync (deprecated, `/2014-11-13`): an `Event` invocation of an unqualified name; 202 and no body,
        // the model reads `Status` from the status code.
        router.post("/2014-11-13/functions/:name/invoke-async") { request, context in
            await AWSResponse.handling {
                let reference = try FunctionReference.parse(context.parameters.decoded("name"))
                _ = try registry.definition(reference)
                return try await enqueueEvent(request, reference)
            }
        }
        // `?function=NAME` narrows the list to one function; `limit` caps it (oldest first).
        router.get("/_lamb/v1/events") { request, _ in
            await AWSResponse.handling {
                struct Output: Encodable { var events: [AsyncEventSummary] }
                let query = request.uri.queryParameters
                let function = query.get("function").map { String($0) }
                let limit = query.get("limit").flatMap { Int($0) } ?? 1000
                return try AWSResponse.json(Output(events: try await asyncQueue.list(function: function, limit: limit)))
            }
        }
        // `?target=ARN` narrows to one sink; `after=ID` continues after a message already seen (poll to follow).
        router.get("/_lamb/v1/destinations") { request, _ in
            await AWSResponse.handling {
                let query = request.uri.queryParameters
                let target = query.get("target").map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
                let after = query.get("after").flatMap { Int64($0) } ?? 0
                let limit = min(query.get("limit").flatMap { Int($0) } ?? 1000, 10_000)
                let messages = try await registry.destinationMessages(
                    target: target, after: after, limit: limit)
                return try destinationsResponse(messages, after: after)
            }
        }
    }

    /// `{"messages": [...], "nextAfter": N}`; each message's body is embedded as the JSON it is.
    private func destinationsResponse(_ messages: [DestinationMessage], after: Int64) throws -> Response {
        let items: [[String: Any]] = messages.map { m in
            var item: [String: Any] = [
                "id": m.id, "target": m.target, "kind": m.kind.rawValue,
                "timestamp": LambdaTimestamp.iso8601(m.timestamp), "function": m.function, "requestId": m.requestId,
                "attributes": m.attributes,
                "body": (try? JSONSerialization.jsonObject(with: m.body, options: [.fragmentsAllowed]))
                    ?? String(decoding: m.body, as: UTF8.self),
            ]
            if let condition = m.condition { item["condition"] = condition }
            var delivery: [String: Any] = ["state": m.delivery.state.rawValue, "attempts": m.delivery.attempts]
            if let error = m.delivery.lastError { delivery["lastError"] = error }
            if let at = m.delivery.at { delivery["at"] = LambdaTimestamp.iso8601(at) }
            item["delivery"] = delivery
            return item
        }
        let output: [String: Any] = ["messages": items, "nextAfter": messages.last?.id ?? after]
        let data = try JSONSerialization.data(withJSONObject: output, options: [.withoutEscapingSlashes, .sortedKeys])
        return Response(
            status: .ok, headers: [.contentType: "application/json", .amznRequestId: Identifiers.requestId()],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
