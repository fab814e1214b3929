import Foundation
import LambCore
import LambEngine
import LambGateway
import LambGatewayAuth
import LambTemplates
import NIOCore
import Synchronization

/// The authorizers of the served APIs (Lambda authorizers invoked through the engine for real, JWT authorizers
/// checked against the key sets of `--jwks`), with one result cache for the gateway.
final class GatewayAuthorizers: Sendable {
    let registry: FunctionRegistry
    let invoker: GatewayInvoker
    private let cache = AuthorizerCache()
    /// Key sets by issuer: from `--jwks ISSUER=FILE|URL`, and for other issuers where identity providers publish
    /// them (`<issuer>/.well-known/jwks.json`), made at first use and kept (a source caches what it fetched).
    private let keySets: Mutex<[String: JWKSSource]>
    /// Authorizers by API logical id and name, rebuilt when the templates change.
    private let configs = Mutex([String: [String: AuthorizerConfig]]())

    init(registry: FunctionRegistry, invoker: GatewayInvoker, jwks: [JWKSOption]) {
        self.registry = registry
        self.invoker = invoker
        keySets = Mutex(Dictionary(jwks.map { ($0.issuer, JWKSSource(location: $0.location)) }) { _, last in last })
    }

    /// Reads the authorizers of `apis`. One API Gateway would refuse to deploy is left out: its routes then answer
    /// as a failed authorizer does (the template load has reported it).
    func update(apis: [StackApi]) {
        var built: [String: [String: AuthorizerConfig]] = [:]
        for api in apis {
            let kind: GatewayAPIKind = api.kind == .rest ? .rest : .http
            for authorizer in api.authorizers {
                if let config = Self.config(authorizer, kind: kind) {
                    built[api.logicalId, default: [:]][authorizer.name] = config
                }
            }
        }
        configs.withLock { $0 = built }
    }

    private static func config(_ authorizer: StackAuthorizer, kind: GatewayAPIKind) -> AuthorizerConfig? {
        switch authorizer.kind {
        case .jwt:
            guard let issuer = authorizer.issuer else { return nil }
            let source = authorizer.identitySources.first.flatMap(IdentitySource.init(expression:))
            return .jwt(
                JWTAuthorizerConfig(
                    name: authorizer.name, issuer: issuer, audiences: authorizer.audience,
                    identitySource: source ?? JWTAuthorizerConfig.defaultIdentitySource))
        case .lambdaToken, .lambdaRequest:
            guard let arn = authorizer.functionArn else { return nil }
            let function: FunctionReference
            do {
                function = try FunctionReference.parse(arn, allowQualifier: true)
            } catch {
                return nil
            }
            let parsed: Result<LambdaAuthorizerConfig, AuthorizerConfigError> = LambdaAuthorizerConfig.parse(
                name: authorizer.name, api: kind, functionName: function.name,
                type: authorizer.kind == .lambdaToken ? "TOKEN" : "REQUEST",
                identitySourceExpressions: authorizer.identitySources,
                validationExpression: authorizer.validationExpression,
                payloadFormatVersion: authorizer.payloadFormatVersion,
                enableSimpleResponses: authorizer.enableSimpleResponses, resultTTLSeconds: authorizer.resultTTLSeconds)
            guard case .success(let config) = parsed else { return nil }
            return .lambda(config)
        }
    }

    /// The decision for a request to a route with an authorizer; nil when the route has none.
    func authorize(_ request: GatewayRequest, target: GatewayTarget) async -> AuthorizerDecision? {
        let route = target.match.route
        guard let name = route.authorizer else { return nil }
        let input = AuthorizationRequest(
            request: request, match: target.match, settings: target.settings, region: registry.account.region)
        guard let config = configs.withLock({ $0[route.apiLogicalId]?[name] }) else {
            return .deny(.authorizerFailure(reason: "authorizer \(name) cannot be run"))
        }
        switch config {
        case .lambda(let lambda):
            let authorizer = LambdaAuthorizer(config: lambda, cache: cache)
            return await authorizer.authorize(input, now: Date()) { [invoker] function, payload in
                let result = try await invoker.invocation(function, payload: ByteBuffer(bytes: payload))
                return InvokeOutcome(payload: Array(buffer: result.payload), functionError: result.functionError)
            }
        case .jwt(let jwt):
            return await JWTAuthorizer(config: jwt, keys: keySet(of: jwt.issuer)).authorize(
                input, requiredScopes: route.authorizationScopes, now: Date())
        }
    }

    private func keySet(of issuer: String) -> JWKSSource {
        keySets.withLock { sets in
            if let known = sets[issuer] { return known }
            let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
            let location: JWKSSource.Location =
                URL(string: base + "/.well-known/jwks.json").map { .url($0) } ?? .inline("{\"keys\": []}")
            let source = JWKSSource(location: location)
            sets[issuer] = source
            return source
        }
    }
}
