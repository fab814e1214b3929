import Foundation

/// Where Lamb finds AWS services: one endpoint for all (`--aws-endpoint`, as LocalStack and moto serve) and
/// per-service overrides (`--endpoint sqs=URL`), with the region and credentials outgoing calls are signed with.
public struct AWSEndpoints: Sendable, Equatable {
    /// The services `--endpoint` accepts: SQS, Kinesis and DynamoDB Streams are read by mappings; SQS, SNS,
    /// EventBridge and S3 receive destinations; S3 holds code; Lambda holds other accounts' layers.
    public static let services = ["sqs", "kinesis", "dynamodbstreams", "sns", "events", "s3", "lambda"]

    public var shared: URL?
    public var overrides: [String: URL]
    public var region: String

    public init(shared: URL? = nil, overrides: [String: URL] = [:], region: String = "us-east-1") {
        self.shared = shared
        self.overrides = overrides
        self.region = region
    }

    /// The endpoint for `service`, if any is configured.
    public func url(for service: String) -> URL? { overrides[service] ?? shared }

    /// Parses `--aws-endpoint URL`.
    public static func parseURL(_ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else { throw AWSEndpointError("not an http(s) URL: \(text)") }
        return url
    }

    /// Parses `--endpoint SERVICE=URL`.
    public static func parseOverride(_ text: String) throws -> (service: String, url: URL) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw AWSEndpointError("expected SERVICE=URL, got \(text)") }
        let service = parts[0].lowercased()
        guard services.contains(service) else {
            throw AWSEndpointError("unknown service \(parts[0]) (one of \(services.joined(separator: ", ")))")
        }
        return (service, try parseURL(parts[1]))
    }

    /// `AWS_REGION`, else `AWS_DEFAULT_REGION`, else us-east-1.
    public static func region(environment: [String: String]) -> String {
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return "us-east-1"
    }
}

public struct AWSEndpointError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
