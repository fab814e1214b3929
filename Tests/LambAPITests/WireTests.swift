import Foundation
import LambCore
import NIOCore
import Testing

@testable import LambAPI

@Suite("Lambda API wire handling")
struct WireTests {
    @Test("invoke payloads must be JSON values of any kind", arguments: [#"{"a":1}"#, "[1,2]", #""text""#, "42", "null"])
    func jsonPayloads(payload: String) throws {
        try InvokePayload.validateJSON(ByteBuffer(string: payload))
    }

    @Test("non-JSON payloads are InvalidRequestContentException", arguments: ["{", "hello", "{'a':1}"])
    func badPayloads(payload: String) {
        do {
            try InvokePayload.validateJSON(ByteBuffer(string: payload))
            Issue.record("accepted \(payload)")
        } catch let error as LambError {
            #expect(error.code == .invalidRequestContent)
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("client context is base64 JSON, handed to the runtime decoded")
    func clientContext() throws {
        let json = #"{"custom":{"k":"v"}}"#
        #expect(try InvokePayload.decodeClientContext(Data(json.utf8).base64EncodedString()) == json)
        #expect(try InvokePayload.decodeClientContext(nil) == nil)
        #expect(throws: LambError.self) { try InvokePayload.decodeClientContext("not base64!") }
        #expect(throws: LambError.self) { try InvokePayload.decodeClientContext(Data("[1]".utf8).base64EncodedString()) }
    }

    @Test("list markers are opaque and round-trip")
    func markers() {
        #expect(ListMarker.decode(ListMarker.encode("my-function")) == "my-function")
    }

    @Test("a malformed body is InvalidParameterValueException naming the member")
    func malformedBody() {
        do {
            _ = try RequestJSON.decode(SettingsJSON.self, from: Data(#"{"MemorySize":"big"}"#.utf8))
            Issue.record("decoded")
        } catch let error as LambError {
            #expect(error.code == .invalidParameterValue)
            #expect(error.message.contains("MemorySize"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("create and update moments report Lambda's transitional states; reads are settled")
    func moments() {
        let settings = FunctionSettings(runtime: "python3.11", handler: "a.b", role: "arn:aws:iam::123456789012:role/r")
        let d = FunctionDefinition(name: "f", settings: settings, code: CodeReference(sha256: "x", size: 1, blobName: "x"))
        let account = AccountContext()
        #expect(FunctionConfigurationJSON(d, account: account, moment: .created).State == "Pending")
        #expect(FunctionConfigurationJSON(d, account: account, moment: .updated).LastUpdateStatus == "InProgress")
        let settled = FunctionConfigurationJSON(d, account: account, moment: .settled)
        #expect(settled.State == "Active" && settled.LastUpdateStatus == "Successful")
        #expect(FunctionConfigurationJSON(d, account: account, moment: .listed).State == nil)
        #expect(settled.FunctionArn == "arn:aws:lambda:us-east-1:000000000000:function:f")
    }
}
