/// The three kinds of HTTP front door Lambda functions sit behind; each has its own event shape, limits and error
/// answers.
public enum GatewayAPIKind: String, Sendable, Equatable, Codable {
    /// API Gateway REST API (`AWS::Serverless::Api`, `Api` events): payload format 1.0.
    case rest
    /// API Gateway HTTP API (`AWS::Serverless::HttpApi`, `HttpApi` events): payload 2.0 by default.
    case http
    /// A Lambda Function URL: payload 2.0.
    case functionURL
}
