import Foundation
import LambAuth
import LambCore
import LambGateway

/// `AuthType: AWS_IAM` Function URLs: a request must carry an AWS Signature Version 4 (service `lambda`), as Lambda
/// requires. Lamb verifies it against the keys it knows; under `--auth none` a key it does not know is taken on
/// trust (its secret cannot be checked), under `--auth sigv4` it is refused. A caller of Lamb's own account is let
/// in (Lamb has no IAM users, so their identity policies are assumed to allow it); a caller of another account (a
/// key given as `--auth-key ID:SECRET:ACCOUNT`) needs a statement of the URL's resource policy that allows
/// `lambda:InvokeFunctionUrl` to that account, as cross-account calls do on Lambda.
struct FunctionURLIAMAuth: Sendable {
    let verifier: SignedRequestVerifier
    /// `--auth sigv4`: only known keys.
    let knownKeysOnly: Bool
    let registry: FunctionRegistry

    enum Outcome {
        /// `requestContext.authorizer` of the event (`{"iam": {...}}`) and the caller's account.
        case allow(authorizer: GatewayJSON, account: String)
        case deny(GatewayResponse)
    }

    func check(_ request: GatewayRequest, target: GatewayTarget) async -> Outcome {
        guard request.header("authorization") != nil else { return .deny(Self.forbidden(request)) }
        let (accessKey, account): (String, String)
        switch verify(request, target: target) {
        case .success(let key):
            (accessKey, account) = (key.id, key.account ?? registry.account.accountId)
        case .failure(let failure) where failure == .unrecognizedClient && !knownKeysOnly:
            let id = SignedRequestVerifier.accessKeyId(inAuthorization: request.header("authorization") ?? "")
            (accessKey, account) = (id ?? "", registry.account.accountId)
        case .failure(let failure):
            return .deny(Self.refusal(failure.message, request))
        }
        if account != registry.account.accountId {
            let route = target.match.route
            let reference = FunctionReference(name: route.functionName, qualifier: target.qualifier)
            let policy = try? await registry.policy(of: reference)
            guard let policy, policy.allows("lambda:InvokeFunctionUrl", to: account, urlAuthType: "AWS_IAM") else { return .deny(Self.forbidden(request)) }
        }
        let userId = "AIDA" + String(accessKey.suffix(16)).uppercased()
        let iam: GatewayJSON = .object([
            ("accessKey", .string(accessKey)), ("accountId", .string(account)), ("callerId", .string(userId)),
            ("cognitoIdentity", .null), ("principalOrgId", .null),
            ("userArn", .string("arn:aws:iam::\(account):user/lamb")), ("userId", .string(userId)),
        ])
        return .allow(authorizer: .object([("iam", iam)]), account: account)
    }

    /// The signature as the client made it: over the path it sent, which for the path form of a URL
    /// (`/lambda-url/<id>/...`) is not the path the function sees.
    private func verify(_ request: GatewayRequest, target: GatewayTarget) -> Result<AccessKey, AuthFailure> {
        let payload = CanonicalRequest.hexSHA256(request.body)
        let headers = request.headers.map { (name: $0.0, value: $0.1) }
        var result: Result<AccessKey, AuthFailure> = .failure(.missingToken)
        let urlId = target.domainName.split(separator: ".").first.map(String.init) ?? ""
        for path in [request.rawPath, "/lambda-url/\(urlId)" + request.rawPath] {
            result = verifier.verify(
                SignedRequestVerifier.Request(
                    method: request.method, rawPath: path, rawQuery: request.rawQueryString, headers: headers,
                    payloadHash: payload))
            if case .failure(.signatureMismatch) = result { continue }
            return result
        }
        return result
    }

    static func forbidden(_ request: GatewayRequest) -> GatewayResponse {
        refusal("Forbidden", request)
    }

    static func refusal(_ message: String, _ request: GatewayRequest) -> GatewayResponse {
        let body = "{\"Message\":\(GatewayJSON.string(message).serialized)}"
        return GatewayResponse(
            status: 403,
            headers: [("Content-Type", "application/json"), ("x-amzn-RequestId", request.requestId),
                      ("x-amzn-ErrorType", "AccessDeniedException")],
            body: Array(body.utf8))
    }
}
