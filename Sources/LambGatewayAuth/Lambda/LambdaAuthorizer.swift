import Foundation
import LambGateway

/// Runs one Lambda authorizer for a request: reads the identity sources, reuses a cached answer or invokes the
/// function with the event of its kind, and turns the answer into a decision as API Gateway would.
///
/// Never throws: every failure is a refusal with API Gateway's answer (see ``AuthorizerRefusal``).
public struct LambdaAuthorizer: Sendable {
    public var config: LambdaAuthorizerConfig
    public var cache: AuthorizerCache

    public init(config: LambdaAuthorizerConfig, cache: AuthorizerCache) {
        self.config = config
        self.cache = cache
    }

    /// Decides about `input` at `now` (the cache's clock), invoking the function through `invoke` when no cached
    /// answer applies.
    public func authorize(
        _ input: AuthorizationRequest, now: Date, invoke: AuthorizerInvoke
    ) async -> AuthorizerDecision {
        // A missing identity source is refused before any invocation, by REST and HTTP APIs alike.
        var identityValues: [String] = []
        for source in config.identitySources {
            guard let value = source.value(in: input) else { return .deny(.unauthorized) }
            identityValues.append(value)
        }
        if config.kind == .restToken {
            guard let token = identityValues.first else { return .deny(.unauthorized) }
            if let expression = config.validationExpression, !expression.isEmpty {
                guard let regex = try? Regex(expression) else {
                    return .deny(.authorizerFailure(reason: "invalid ValidationExpression \(expression)"))
                }
                guard (try? regex.wholeMatch(in: token)) != nil else { return .deny(.unauthorized) }
            }
        }
        // API Gateway needs an identity source to key its cache; without one every request is authorized afresh.
        let cacheKey =
            config.resultTTLSeconds > 0 && !identityValues.isEmpty
            ? AuthorizerCache.Key(
                apiId: input.match.route.apiId, authorizer: config.name, identityValues: identityValues)
            : nil
        if let cacheKey, let cached = await cache.lookup(cacheKey, now: now) {
            return decide(cached, arn: input.arn, latency: 0)
        }
        let started = ContinuousClock.now
        let outcome: InvokeOutcome
        do {
            outcome = try await invoke(config.functionName, event(input, identityValues: identityValues).bytes)
        } catch {
            return .deny(.authorizerFailure(reason: "invoking \(config.functionName) failed: \(error)"))
        }
        let latency = Self.milliseconds(ContinuousClock.now - started)
        if outcome.functionError != nil {
            // REST's documented convention: an authorizer that fails with the message "Unauthorized" means 401.
            if config.apiKind == .rest, Self.errorMessage(outcome.payload) == "Unauthorized" {
                return .deny(.unauthorized)
            }
            return .deny(.authorizerFailure(reason: "the authorizer function failed"))
        }
        let simple: Bool
        if case .httpRequest(_, let enableSimpleResponses) = config.kind {
            simple = enableSimpleResponses
        } else {
            simple = false
        }
        guard
            let response = AuthorizerResponse.parse(
                outcome.payload, simpleResponses: simple, scalarContextOnly: config.apiKind == .rest)
        else {
            return .deny(.authorizerFailure(reason: "the authorizer's answer is not a valid authorizer response"))
        }
        if let cacheKey {
            await cache.store(response, for: cacheKey, ttlSeconds: config.resultTTLSeconds, now: now)
        }
        return decide(response, arn: input.arn, latency: latency)
    }

    /// The event this authorizer's function is sent.
    public func event(_ input: AuthorizationRequest, identityValues: [String]) -> GatewayJSON {
        switch config.kind {
        case .restToken: AuthorizerEvent.token(identityValues.first ?? "", methodArn: input.arn)
        case .restRequest: AuthorizerEvent.restRequest(input)
        case .httpRequest(.v1, _): AuthorizerEvent.httpRequestV1(input, identityValues: identityValues)
        case .httpRequest(.v2, _): AuthorizerEvent.httpRequestV2(input, identityValues: identityValues)
        }
    }

    private func decide(_ response: AuthorizerResponse, arn: String, latency: Int) -> AuthorizerDecision {
        switch response.evaluate(arn: arn) {
        case .allowed:
            .allow(
                .lambda(
                    principalId: response.principalId, context: response.context,
                    integrationLatencyMilliseconds: latency))
        case .explicitlyDenied: .deny(.explicitDeny)
        case .notAllowed: .deny(.notAllowed)
        }
    }

    private static func errorMessage(_ payload: [UInt8]) -> String? {
        guard case .string(let message)? = GatewayJSON.parse(payload)?["errorMessage"] else { return nil }
        return message
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
