/// Why the runtime loop itself failed (not the function: a function's error is reported to the Runtime API).
public enum LambdaRuntimeError: Error, Sendable, CustomStringConvertible {
    /// `AWS_LAMBDA_RUNTIME_API` is missing or not `host:port`.
    case invalidAddress(String)
    case connectionFailed(String)
    case badResponse(String)
    /// The Runtime API refused a request (`/next`, or a post that was not accepted).
    case unexpectedStatus(path: String, status: Int, body: String)
    /// `/next` answered without a request id or deadline.
    case missingHeader(String)

    public var description: String {
        switch self {
        case .invalidAddress(let address): "AWS_LAMBDA_RUNTIME_API must be host:port, got '\(address)'"
        case .connectionFailed(let detail): "Runtime API connection failed: \(detail)"
        case .badResponse(let detail): "malformed Runtime API response: \(detail)"
        case .unexpectedStatus(let path, let status, let body): "\(path) answered HTTP \(status): \(body)"
        case .missingHeader(let name): "the Runtime API sent an event without \(name)"
        }
    }
}
