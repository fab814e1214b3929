import ArgumentParser
import Foundation

/// `lamb generate-event apigateway aws-proxy|http-api-proxy|authorizer`: API Gateway's proxy events (REST payload 1.0,
/// HTTP API payload 2.0) and a REST `TOKEN` authorizer's event.
struct APIGatewayEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apigateway", abstract: "Amazon API Gateway events.",
        subcommands: [APIGatewayAWSProxy.self, APIGatewayHTTPAPIProxy.self, APIGatewayAuthorizer.self])
}

/// A request through a REST API's proxy integration (payload format 1.0).
struct APIGatewayAWSProxy: SampleEvent {
    static let configuration = CommandConfiguration(
        commandName: "aws-proxy", abstract: "A REST API proxy request (payload format 1.0).")
    @OptionGroup var origin: EventOrigin
    @Option(help: "The request body (a string; not base64-encoded).") var body = #"{"test":"body"}"#
    @Option(help: "The stage name.") var stage = "prod"
    @Option(help: "The HTTP method.") var method = "POST"
    @Option(help: "The resource path template.") var resource = "/{proxy+}"
    @Option(help: "The request path.") var path = "/path/to/resource"
    @Option(name: .customLong("dns-suffix"), help: "The API's domain after its id.") var dnsSuffix: String?

    func event(now: Date) -> [String: Any] {
        let path = path.hasPrefix("/") ? path : "/" + path
        let domain = "1234567890.execute-api.\(dnsSuffix ?? "\(origin.region).amazonaws.com")"
        let headers: [String: String] = [
            "Accept": "application/json", "Content-Type": "application/json", "Host": domain,
            "User-Agent": "Custom User Agent String", "X-Forwarded-For": "127.0.0.1", "X-Forwarded-Port": "443",
            "X-Forwarded-Proto": "https",
        ]
        let parameters = APIGatewayPath.parameters(template: resource, path: path)
        let identity: [String: Any] = [
            "sourceIp": "127.0.0.1", "userAgent": "Custom User Agent String", "accountId": NSNull(),
            "caller": NSNull(), "cognitoAuthenticationProvider": NSNull(), "cognitoAuthenticationType": NSNull(),
            "cognitoIdentityId": NSNull(), "cognitoIdentityPoolId": NSNull(), "user": NSNull(), "userArn": NSNull(),
            "accessKey": NSNull(), "apiKey": NSNull(),
        ]
        let context: [String: Any] = [
            "accountId": origin.accountId, "apiId": "1234567890", "domainName": domain, "domainPrefix": "1234567890",
            "httpMethod": method, "identity": identity, "path": "/\(stage)\(path)", "protocol": "HTTP/1.1",
            "requestId": SampleEventJSON.uuid(), "requestTime": SampleEventJSON.clf(now),
            "requestTimeEpoch": SampleEventJSON.epochMilliseconds(now), "resourceId": "123456",
            "resourcePath": resource, "stage": stage,
        ]
        return [
            "resource": resource,
            "path": path,
            "httpMethod": method,
            "headers": headers,
            "multiValueHeaders": headers.mapValues { [$0] },
            "queryStringParameters": ["foo": "bar"],
            "multiValueQueryStringParameters": ["foo": ["bar"]],
            "pathParameters": parameters.map { $0 as Any } ?? NSNull(),
            "stageVariables": NSNull(),
            "requestContext": context,
            "body": body,
            "isBase64Encoded": false,
        ]
    }
}

/// A request through an HTTP API (payload format 2.0).
struct APIGatewayHTTPAPIProxy: SampleEvent {
    static let configuration = CommandConfiguration(
        commandName: "http-api-proxy", abstract: "An HTTP API request (payload format 2.0).")
    @OptionGroup var origin: EventOrigin
    @Option(help: "The request body (a string; not base64-encoded).") var body = #"{"test":"body"}"#
    @Option(help: "The stage name.") var stage = "$default"
    @Option(help: "The HTTP method.") var method = "POST"
    @Option(help: "The request path.") var path = "/path/to/resource"

    func event(now: Date) -> [String: Any] {
        let path = path.hasPrefix("/") ? path : "/" + path
        let domain = "1234567890.execute-api.\(origin.region).amazonaws.com"
        // Payload 2.0: header names lower-cased, repeated values joined with commas, cookies apart.
        let headers: [String: String] = [
            "accept": "application/json", "content-type": "application/json", "host": domain,
            "user-agent": "Custom User Agent String", "x-forwarded-for": "127.0.0.1", "x-forwarded-port": "443",
            "x-forwarded-proto": "https",
        ]
        let http: [String: Any] = [
            "method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1",
            "userAgent": "Custom User Agent String",
        ]
        let context: [String: Any] = [
            "accountId": origin.accountId, "apiId": "1234567890", "domainName": domain, "domainPrefix": "1234567890",
            "http": http, "requestId": SampleEventJSON.uuid(), "routeKey": "$default", "stage": stage,
            "time": SampleEventJSON.clf(now), "timeEpoch": SampleEventJSON.epochMilliseconds(now),
        ]
        return [
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": stage == "$default" ? path : "/\(stage)\(path)",
            "rawQueryString": "foo=bar&foo=baz",
            "cookies": ["cookie1=value1", "cookie2=value2"],
            "headers": headers,
            "queryStringParameters": ["foo": "bar,baz"],
            "requestContext": context,
            "body": body,
            "isBase64Encoded": false,
        ]
    }
}

/// The event of a REST API `TOKEN` authorizer: the caller's token and the ARN of the method called.
struct APIGatewayAuthorizer: SampleEvent {
    static let configuration = CommandConfiguration(
        commandName: "authorizer", abstract: "A REST API TOKEN authorizer's event.")
    @OptionGroup var origin: EventOrigin
    @Option(help: "The stage name.") var stage = "prod"
    @Option(help: "The HTTP method.") var method = "POST"
    @Option(help: "The resource path called.") var resource = "{proxy+}"
    @Option(name: .customLong("restApiId"), help: "The REST API's id.") var restApiId = "example"
    @Option(help: "The token the caller sent.") var token = "incoming-client-token"

    func event(now: Date) -> [String: Any] {
        let resource = resource.hasPrefix("/") ? String(resource.dropFirst()) : resource
        return [
            "type": "TOKEN",
            "authorizationToken": token,
            "methodArn": origin.arn("execute-api", "\(restApiId)/\(stage)/\(method)/\(resource)"),
        ]
    }
}

/// Path parameters of a request path under a resource template (`/users/{id}`, `/{proxy+}`).
enum APIGatewayPath {
    static func parameters(template: String, path: String) -> [String: String]? {
        let templateParts = template.split(separator: "/").map(String.init)
        let pathParts = path.split(separator: "/").map(String.init)
        var found: [String: String] = [:]
        for (index, part) in templateParts.enumerated() {
            guard part.hasPrefix("{") && part.hasSuffix("}") else {
                guard index < pathParts.count, pathParts[index] == part else { return nil }
                continue
            }
            let name = String(part.dropFirst().dropLast())
            if name.hasSuffix("+") {
                guard index < pathParts.count else { return nil }
                found[String(name.dropLast())] = pathParts[index...].joined(separator: "/")
                return found
            }
            guard index < pathParts.count else { return nil }
            found[name] = pathParts[index]
        }
        guard templateParts.count == pathParts.count else { return nil }
        return found.isEmpty ? nil : found
    }
}
