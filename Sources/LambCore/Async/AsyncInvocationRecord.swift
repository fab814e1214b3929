import Foundation

/// The messages Lambda sends about asynchronous invocations (reference §5.7): the invocation record destinations
/// receive, and the attributes that travel with a dead letter.
public enum AsyncInvocationRecord {
    /// Lambda's invocation record: `version`, `timestamp`, `requestContext`, `requestPayload`, and when the function
    /// ran, `responseContext` and `responsePayload`. Payloads are embedded as the JSON they are (a response that is
    /// not JSON becomes a JSON string).
    public static func json(
        requestId: String, functionArn: String, condition: AsyncCondition, approximateInvokeCount: Int,
        requestPayload: Data, response: AsyncAttemptResult?, timestamp: Date
    ) -> Data {
        var text = "{\"version\":\"1.0\",\"timestamp\":\(string(LambdaTimestamp.iso8601(timestamp)))"
        text += ",\"requestContext\":{\"requestId\":\(string(requestId)),\"functionArn\":\(string(functionArn))"
        text += ",\"condition\":\(string(condition.rawValue)),\"approximateInvokeCount\":\(approximateInvokeCount)}"
        text += ",\"requestPayload\":\(embedded(requestPayload))"
        if let response {
            text += ",\"responseContext\":{\"statusCode\":\(response.statusCode)"
            text += ",\"executedVersion\":\(string(response.executedVersion))"
            if let functionError = response.functionError { text += ",\"functionError\":\(string(functionError))" }
            text += "},\"responsePayload\":\(embedded(response.payload))"
        }
        return Data((text + "}").utf8)
    }

    /// The message attributes Lambda puts on a dead letter: the request id, the status of the last attempt (200
    /// when the function ran and failed) and the error message, at most 1 KB of it.
    public static func deadLetterAttributes(requestId: String, errorCode: Int, errorMessage: String)
        -> [String: String]
    {
        var clipped = errorMessage
        while clipped.utf8.count > 1024 { clipped.removeLast() }
        return ["RequestID": requestId, "ErrorCode": String(errorCode), "ErrorMessage": clipped]
    }

    /// EventBridge carries a record with `source: lambda` and a `detail-type` naming the outcome.
    public static func eventBridgeAttributes(success: Bool) -> [String: String] {
        ["source": "lambda", "detail-type": "Lambda Function Invocation Result - " + (success ? "Success" : "Failure")]
    }

    /// `errorMessage` of an error JSON, if it has one.
    public static func errorMessage(in payload: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any] else { return nil }
        return object["errorMessage"] as? String
    }

    /// JSON bytes as they are when they parse; otherwise a JSON string of their text; `null` when empty.
    static func embedded(_ payload: Data) -> String {
        if payload.isEmpty { return "null" }
        if (try? JSONSerialization.jsonObject(with: payload, options: [.fragmentsAllowed])) != nil {
            return String(decoding: payload, as: UTF8.self)
        }
        return string(String(decoding: payload, as: UTF8.self))
    }

    static func string(_ value: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
