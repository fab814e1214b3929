import Foundation
import LambGateway
import LambGatewayAuth
import Synchronization

/// Requests, routes and fake authorizer functions shared by the suites.
enum AuthFixtures {
    static let region = "us-east-1"

    static let restRoute = GatewayRoute(
        apiKind: .rest, apiLogicalId: "ServerlessRestApi", apiId: "s4x3opwd6i", stage: "test", method: "GET",
        path: "/request/{id}", functionName: "f", payloadFormat: .v1, authorizer: "MyAuth")

    static let httpRoute = GatewayRoute(
        apiKind: .http, apiLogicalId: "ServerlessHttpApi", apiId: "abcdef123", stage: "$default", method: "GET",
        path: "/my/{name}", functionName: "f", payloadFormat: .v2, authorizer: "MyAuth")

    static func request(
        method: String = "GET", target: String, headers: [(String, String)] = [], domain: String = "x.example.com"
    ) -> GatewayRequest {
        GatewayRequest(
            method: method, target: target, headers: headers, body: Array("secret body".utf8), sourceIp: "10.1.2.3",
            timeEpochMilliseconds: 1_583_348_638_390, requestId: "req-1", domainName: domain,
            accountId: "123456789012")
    }

    static func restInput(
        target: String = "/test/request/42?QueryString1=queryValue1", headers: [(String, String)],
        method: String = "GET", stageVariables: [(String, String)] = []
    ) -> AuthorizationRequest {
        let route = GatewayRoute(
            apiKind: .rest, apiLogicalId: "ServerlessRestApi", apiId: "s4x3opwd6i", stage: "test", method: method,
            path: "/request/{id}", functionName: "f", payloadFormat: .v1, authorizer: "MyAuth")
        let path = String(target.split(separator: "?", maxSplits: 1)[0])
        let match = RouteTable(routes: [route]).match(method: method, path: path)!
        return AuthorizationRequest(
            request: request(method: method, target: target, headers: headers), match: match,
            settings: GatewayEventSettings(stageVariables: stageVariables), region: region)
    }

    static func httpInput(
        target: String = "/my/path?parameter1=value1&parameter1=value2", headers: [(String, String)],
        stageVariables: [(String, String)] = []
    ) -> AuthorizationRequest {
        let path = String(target.split(separator: "?", maxSplits: 1)[0])
        let match = RouteTable(routes: [httpRoute]).match(method: "GET", path: path)!
        return AuthorizationRequest(
            request: request(target: target, headers: headers), match: match,
            settings: GatewayEventSettings(stageVariables: stageVariables), region: region)
    }

    /// A policy answer with one statement per (effect, resource).
    static func policy(_ statements: [(String, String)], context: String = #"{"user":"alice","n":1,"ok":true}"#)
        -> [UInt8]
    {
        let list = statements.map {
            #"{"Action":"execute-api:Invoke","Effect":"\#($0.0)","Resource":"\#($0.1)"}"#
        }.joined(separator: ",")
        return Array(
            #"{"principalId":"user|a1","policyDocument":{"Version":"2012-10-17","Statement":[\#(list)]},"context":\#(context),"usageIdentifierKey":"k"}"#
                .utf8)
    }
}

/// A fake function: records the events it is sent and answers with a fixed outcome.
final class FakeAuthorizerFunction: Sendable {
    private let state: Mutex<(events: [GatewayJSON], outcome: Result<InvokeOutcome, FakeInvokeError>)>

    init(_ outcome: InvokeOutcome) {
        state = Mutex((events: [], outcome: .success(outcome)))
    }

    init(failing error: FakeInvokeError) {
        state = Mutex((events: [], outcome: .failure(error)))
    }

    var events: [GatewayJSON] { state.withLock { $0.events } }
    var invocations: Int { events.count }

    func answer(_ outcome: InvokeOutcome) { state.withLock { $0.outcome = .success(outcome) } }

    var invoke: AuthorizerInvoke {
        { [self] _, payload in
            try state.withLock { state in
                state.events.append(GatewayJSON.parse(payload) ?? .null)
                return try state.outcome.get()
            }
        }
    }
}

struct FakeInvokeError: Error, Equatable {}
