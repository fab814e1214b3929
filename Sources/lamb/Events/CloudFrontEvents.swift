import ArgumentParser
import Foundation

/// `lamb generate-event cloudfront simple-remote-call`: a Lambda@Edge viewer request.
struct CloudFrontEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cloudfront", abstract: "Amazon CloudFront (Lambda@Edge) events.",
        subcommands: [CloudFrontSimpleRemoteCall.self])
}

struct CloudFrontSimpleRemoteCall: SampleEvent {
    static let configuration = CommandConfiguration(
        commandName: "simple-remote-call", abstract: "A viewer request a function handles with a remote call.")
    @Option(help: "The request's URI.") var uri = "/test"
    @Option(help: "The request's method.") var method = "GET"

    func event(now: Date) -> [String: Any] {
        let domain = "d111111abcdef8.cloudfront.net"
        // CloudFront's headers: lower-case names, each a list of {key, value} with the name as sent.
        func header(_ key: String, _ value: String) -> [[String: String]] { [["key": key, "value": value]] }
        let request: [String: Any] = [
            "clientIp": "203.0.113.178",
            "method": method,
            "uri": uri,
            "querystring": "",
            "headers": [
                "host": header("Host", domain),
                "user-agent": header("User-Agent", "curl/8.5.0"),
                "accept": header("Accept", "*/*"),
            ],
        ]
        let config: [String: Any] = [
            "distributionDomainName": domain,
            "distributionId": "EDFDVBD6EXAMPLE",
            "eventType": "viewer-request",
            "requestId": "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==",
        ]
        return ["Records": [["cf": ["config": config, "request": request]]]]
    }
}
