import Foundation
import LambCore
import LambRuntimeAPI
import LambRuntimeClient
import NIOCore
import NIOPosix
import Testing

struct Greeting: Codable, Sendable { var name: String }
struct Reply: Codable, Sendable {
    var message: String
    var requestID: String
}
struct Refusal: Error, CustomStringConvertible { var description: String { "names must not be empty" } }

@Suite("LambRuntimeClient against Lamb's Runtime API server")
struct LambdaRuntimeTests {
    func event(_ id: String, _ payload: String) -> InvocationEvent {
        InvocationEvent(
            requestId: id, invocationId: "inv-\(id)", deadlineMs: Int64(Date().timeIntervalSince1970 * 1000) + 30_000,
            invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:f", traceId: "Root=1-0-0",
            payload: ByteBuffer(string: payload))
    }

    @Test("a closure handler serves events in turn; a thrown error is posted to /error as Unhandled")
    func servesAndFails() async throws {
        let mailbox = RuntimeMailbox()
        let server = try await RuntimeAPIServer.start(group: MultiThreadedEventLoopGroup.singleton, mailbox: mailbox)
        let runtime = LambdaRuntime(
            handler: ClosureHandler { (event: Greeting, context: LambdaContext) in
                guard !event.name.isEmpty else { throw Refusal() }
                return Reply(message: "hello \(event.name)", requestID: context.requestID)
            },
            environment: ["AWS_LAMBDA_RUNTIME_API": server.address, "AWS_LAMBDA_FUNCTION_NAME": "f"])
        let loop = Task { try await runtime.run() }
        guard case .ready = await mailbox.awaitInit() else {
            Issue.record("init did not finish")
            return
        }
        guard case .response(let body, let type) = await mailbox.invoke(event("r1", #"{"name":"Lamb"}"#)) else {
            Issue.record("no response")
            return
        }
        #expect(type == "application/json")
        let reply = try JSONDecoder().decode(Reply.self, from: Data(body.readableBytesView))
        #expect(reply.message == "hello Lamb" && reply.requestID == "r1")
        guard case .error(let errorBody, let header) = await mailbox.invoke(event("r2", #"{"name":""}"#)) else {
            Issue.record("no error")
            return
        }
        #expect(header == "Unhandled")
        let error = try JSONSerialization.jsonObject(with: Data(errorBody.readableBytesView)) as? [String: String]
        #expect(error == ["errorType": "Refusal", "errorMessage": "names must not be empty"])
        guard case .error(let decodeBody, _) = await mailbox.invoke(event("r3", #"{"nom":"x"}"#)) else {
            Issue.record("no decoding error")
            return
        }
        #expect(String(buffer: decodeBody).contains("DecodingError"))
        // The loop stays parked on /next (the server keeps open connections until the runtime exits); the test
        // process ending takes it down.
        _ = loop
        await server.close()
    }

    @Test("a missing or malformed AWS_LAMBDA_RUNTIME_API is an error of the runtime, not a crash")
    func badAddress() async {
        let runtime = LambdaRuntime(
            handler: ClosureHandler { (event: Greeting, _: LambdaContext) in event.name }, environment: [:])
        await #expect(throws: LambdaRuntimeError.self) { try await runtime.run() }
    }
}
