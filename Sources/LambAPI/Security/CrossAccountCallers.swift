import HTTPTypes
import Hummingbird
import LambCore

/// Callers of another account (a key given as `--auth-key ID:SECRET:ACCOUNT`, under `--auth sigv4`): Lamb has no
/// IAM, so what such a caller may do is what the function's resource policy grants its account, as on Lambda, where a
/// cross-account call needs a statement allowing it. The gate marks such requests (``SignedRequestGate``); the
/// invocations check in their own path (the connection fast path serves them without the router), everything else
/// here.
struct CrossAccountCallers: RouterMiddleware {
    typealias Context = BasicRequestContext
    let registry: FunctionRegistry

    static let header = HTTPField.Name(SignedRequestGate.callerAccountHeader)!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let account = request.headers[Self.header], account != registry.account.accountId else {
            return try await next(request, context)
        }
        let path = request.uri.path
        let operation = LambdaOperations.named(method: request.method.rawValue, path: path)
        // Invocations check for themselves (they may come through the fast path, which has no router).
        if operation == "Invoke" || operation == "InvokeAsync" { return try await next(request, context) }
        do {
            guard let operation, let name = Self.functionName(in: path) else {
                throw Self.denied("lambda:\(operation ?? "\(request.method.rawValue) \(path)")", account: account,
                                  resource: "*")
            }
            let qualifier = request.uri.queryParameters.get("Qualifier").map { String($0) }
            try await Self.require(
                "lambda:\(operation)", on: try FunctionReference.parse(name, qualifier: qualifier), for: account,
                registry)
        } catch let error as LambError {
            return AWSResponse.error(error)
        }
        return try await next(request, context)
    }

    /// Throws `AccessDeniedException` unless `reference`'s policy (its qualifier's, or the function's) allows
    /// `action` to `account`.
    static func require(
        _ action: String, on reference: FunctionReference, for account: String, _ registry: FunctionRegistry
    ) async throws {
        let policy = try await registry.policy(of: reference)
        if policy?.allows(action, to: account) == true { return }
        throw denied(action, account: account, resource: registry.account.functionArn(reference.name, qualifier: reference.qualifier))
    }

    static func denied(_ action: String, account: String, resource: String) -> LambError {
        LambError(
            .accessDenied,
            "User: arn:aws:iam::\(account):user/lamb is not authorized to perform: \(action) on resource: \(resource) "
                + "because no resource-based policy allows the \(action) action")
    }

    /// The (percent-decoded) function name of a `/<date>/functions/<name>/...` path.
    static func functionName(in path: String) -> String? {
        let segments = path.split(separator: "/")
        guard segments.count >= 3, segments[1] == "functions" else { return nil }
        return InvokePath.percentDecoded(segments[2])
    }
}

extension ResourcePolicy {
    /// Whether a statement allows `action` (or `lambda:*`) to `account`: its principal is the account, the account's
    /// root ARN or `*`. A service principal is not an account. Conditions Lamb cannot check (source ARNs and
    /// accounts, organization ids, event source tokens) make a statement not apply; `lambda:FunctionUrlAuthType`
    /// must equal `urlAuthType`.
    public func allows(_ action: String, to account: String, urlAuthType: String? = nil) -> Bool {
        statements.contains { statement in
            guard [action, "lambda:*", "*"].contains(statement.action), statement.principalKey != "Service" else {
                return false
            }
            let principal = statement.principalValue
            guard principal == "*" || principal == account || principal == "arn:aws:iam::\(account):root" else {
                return false
            }
            return statement.conditions.allSatisfy { test, pairs in
                pairs.allSatisfy { key, value in
                    test == "StringEquals" && key == "lambda:FunctionUrlAuthType" && value == urlAuthType
                }
            }
        }
    }
}
