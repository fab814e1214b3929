import Foundation
import LambCore
import Testing

@Suite("Async invocation records")
struct AsyncInvocationRecordTests {
    func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("a destination record has Lambda's fields, with both payloads embedded as JSON")
    func record() throws {
        let result = AsyncAttemptResult(
            statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled",
            payload: Data(#"{"errorMessage":"boom","errorType":"ValueError"}"#.utf8))
        let data = AsyncInvocationRecord.json(
            requestId: "r-1", functionArn: "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST",
            condition: .retriesExhausted, approximateInvokeCount: 3, requestPayload: Data(#"{"n": 1}"#.utf8),
            response: result, timestamp: Date(timeIntervalSince1970: 1_700_000_000.5))
        let r = try object(data)
        #expect(r["version"] as? String == "1.0")
        #expect(r["timestamp"] as? String == "2023-11-14T22:13:20.500Z")
        let context = try #require(r["requestContext"] as? [String: Any])
        #expect(context["requestId"] as? String == "r-1")
        #expect(context["functionArn"] as? String == "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST")
        #expect(context["condition"] as? String == "RetriesExhausted")
        #expect(context["approximateInvokeCount"] as? Int == 3)
        #expect((r["requestPayload"] as? [String: Any])?["n"] as? Int == 1)
        let response = try #require(r["responseContext"] as? [String: Any])
        #expect(response["statusCode"] as? Int == 200)
        #expect(response["executedVersion"] as? String == "$LATEST")
        #expect(response["functionError"] as? String == "Unhandled")
        #expect((r["responsePayload"] as? [String: Any])?["errorType"] as? String == "ValueError")
    }

    @Test("a success has no functionError; a response that is not JSON becomes a string; no run, no response")
    func variants() throws {
        let ok = AsyncAttemptResult(
            statusCode: 200, executedVersion: "$LATEST", functionError: nil, payload: Data("hi".utf8))
        let r = try object(
            AsyncInvocationRecord.json(
                requestId: "r", functionArn: "a", condition: .success, approximateInvokeCount: 1,
                requestPayload: Data("[1,2]".utf8), response: ok, timestamp: Date()))
        #expect((r["responseContext"] as? [String: Any])?["functionError"] == nil)
        #expect(r["responsePayload"] as? String == "hi")
        #expect(r["requestPayload"] as? [Int] == [1, 2])
        let never = try object(
            AsyncInvocationRecord.json(
                requestId: "r", functionArn: "a", condition: .eventAgeExceeded, approximateInvokeCount: 0,
                requestPayload: Data("{}".utf8), response: nil, timestamp: Date()))
        #expect(never["responseContext"] == nil)
        #expect(never["responsePayload"] == nil)
        #expect((never["requestContext"] as? [String: Any])?["approximateInvokeCount"] as? Int == 0)
    }

    @Test("dead letters carry RequestID, ErrorCode and at most 1 KB of ErrorMessage")
    func deadLetter() {
        let a = AsyncInvocationRecord.deadLetterAttributes(
            requestId: "r", errorCode: 200, errorMessage: String(repeating: "é", count: 1000))
        #expect(a["RequestID"] == "r")
        #expect(a["ErrorCode"] == "200")
        #expect(a["ErrorMessage"]!.utf8.count <= 1024)
        #expect(AsyncInvocationRecord.errorMessage(in: Data(#"{"errorMessage":"boom"}"#.utf8)) == "boom")
    }
}
