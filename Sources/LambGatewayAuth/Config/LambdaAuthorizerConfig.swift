import LambGateway

/// A Lambda authorizer as API Gateway configures one: which function decides, what it is sent, where the identity
/// comes from and how long an answer is reused.
///
/// Defaults are AWS's: a REST authorizer's result is cached for 300 seconds (`authorizerResultTtlInSeconds`), an
/// HTTP API's for 0 (off); a TOKEN authorizer reads `Authorization`.
public struct LambdaAuthorizerConfig: Sendable, Equatable {
    /// What the function is sent and how its answer is read.
    public enum Kind: Sendable, Equatable {
        /// REST `TOKEN`: `{type, authorizationToken, methodArn}`; the answer is an IAM policy.
        case restToken
        /// REST `REQUEST`: the request's headers, query, path and stage variables and `requestContext`; an IAM policy.
        case restRequest
        /// HTTP API `REQUEST` with `AuthorizerPayloadFormatVersion` 1.0 (REST-like event, IAM policy) or 2.0 (2.0
        /// event; an IAM policy or, with `enableSimpleResponses`, `{"isAuthorized": ...}`).
        case httpRequest(payloadFormat: PayloadFormatVersion, enableSimpleResponses: Bool)
    }

    public static let restDefaultTTLSeconds = 300
    public static let httpDefaultTTLSeconds = 0
    /// API Gateway's ceiling for `authorizerResultTtlInSeconds`.
    public static let maximumTTLSeconds = 3600

    /// The authorizer's name in the API (`Auth.Authorizers` key); part of the cache key.
    public var name: String
    public var kind: Kind
    /// The function invoked (a name, as the engine invokes it).
    public var functionName: String
    /// In the order configured: the order of a 2.0 event's `identitySource` list and of the cache key. A TOKEN
    /// authorizer has exactly one header.
    public var identitySources: [IdentitySource]
    /// TOKEN only: a regular expression the whole token must match, or the caller gets 401 without an invocation.
    public var validationExpression: String?
    /// Seconds an answer is reused for the same identity values; 0 turns caching off.
    public var resultTTLSeconds: Int

    public init(
        name: String, kind: Kind, functionName: String, identitySources: [IdentitySource],
        validationExpression: String? = nil, resultTTLSeconds: Int
    ) {
        self.name = name
        self.kind = kind
        self.functionName = functionName
        self.identitySources = identitySources
        self.validationExpression = validationExpression
        self.resultTTLSeconds = min(max(resultTTLSeconds, 0), Self.maximumTTLSeconds)
    }

    /// A REST `TOKEN` authorizer reading `header` (SAM's `Identity.Header`, default `Authorization`).
    public static func restToken(
        name: String, functionName: String, header: String = "Authorization", validationExpression: String? = nil,
        resultTTLSeconds: Int = restDefaultTTLSeconds
    ) -> LambdaAuthorizerConfig {
        LambdaAuthorizerConfig(
            name: name, kind: .restToken, functionName: functionName, identitySources: [.header(header)],
            validationExpression: validationExpression, resultTTLSeconds: resultTTLSeconds)
    }

    /// A REST `REQUEST` authorizer.
    public static func restRequest(
        name: String, functionName: String, identitySources: [IdentitySource],
        resultTTLSeconds: Int = restDefaultTTLSeconds
    ) -> LambdaAuthorizerConfig {
        LambdaAuthorizerConfig(
            name: name, kind: .restRequest, functionName: functionName, identitySources: identitySources,
            resultTTLSeconds: resultTTLSeconds)
    }

    /// An HTTP API Lambda authorizer.
    public static func httpRequest(
        name: String, functionName: String, identitySources: [IdentitySource],
        payloadFormat: PayloadFormatVersion = .v2, enableSimpleResponses: Bool = false,
        resultTTLSeconds: Int = httpDefaultTTLSeconds
    ) -> LambdaAuthorizerConfig {
        LambdaAuthorizerConfig(
            name: name,
            kind: .httpRequest(
                payloadFormat: payloadFormat, enableSimpleResponses: enableSimpleResponses && payloadFormat == .v2),
            functionName: functionName, identitySources: identitySources, resultTTLSeconds: resultTTLSeconds)
    }

    /// Builds a configuration from API Gateway's own spellings (as a template loader reads them): `TOKEN` /
    /// `REQUEST`, selection expressions, `AuthorizerPayloadFormatVersion`. Returns nil, with the reason, for what
    /// API Gateway would refuse to deploy.
    public static func parse(
        name: String, api: GatewayAPIKind, functionName: String, type: String = "REQUEST",
        identitySourceExpressions: [String], validationExpression: String? = nil, payloadFormatVersion: String? = nil,
        enableSimpleResponses: Bool = false, resultTTLSeconds: Int? = nil
    ) -> Result<LambdaAuthorizerConfig, AuthorizerConfigError> {
        var sources: [IdentitySource] = []
        for expression in identitySourceExpressions {
            guard let source = IdentitySource(expression: expression) else {
                return .failure(
                    AuthorizerConfigError(authorizer: name, reason: "unknown identity source \(expression)"))
            }
            sources.append(source)
        }
        switch (api, type.uppercased()) {
        case (.rest, "TOKEN"):
            guard sources.count == 1, case .header(let header) = sources[0] else {
                return .failure(AuthorizerConfigError(authorizer: name, reason: "a TOKEN authorizer reads one header"))
            }
            return .success(
                .restToken(
                    name: name, functionName: functionName, header: header, validationExpression: validationExpression,
                    resultTTLSeconds: resultTTLSeconds ?? restDefaultTTLSeconds))
        case (.rest, "REQUEST"):
            return .success(
                .restRequest(
                    name: name, functionName: functionName, identitySources: sources,
                    resultTTLSeconds: resultTTLSeconds ?? restDefaultTTLSeconds))
        case (.http, "REQUEST"), (.functionURL, "REQUEST"):
            guard let format = PayloadFormatVersion(rawValue: payloadFormatVersion ?? "2.0") else {
                return .failure(
                    AuthorizerConfigError(authorizer: name, reason: "payload format must be 1.0 or 2.0"))
            }
            return .success(
                .httpRequest(
                    name: name, functionName: functionName, identitySources: sources, payloadFormat: format,
                    enableSimpleResponses: enableSimpleResponses,
                    resultTTLSeconds: resultTTLSeconds ?? httpDefaultTTLSeconds))
        default:
            return .failure(AuthorizerConfigError(authorizer: name, reason: "\(type) authorizers are not run by Lamb"))
        }
    }

    /// The kind of API this authorizer belongs to, as its answers are shaped.
    public var apiKind: GatewayAPIKind {
        if case .httpRequest = kind { return .http }
        return .rest
    }
}

/// A configuration API Gateway would not accept, with the authorizer's name.
public struct AuthorizerConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var authorizer: String
    public var reason: String

    public init(authorizer: String, reason: String) {
        self.authorizer = authorizer
        self.reason = reason
    }

    public var description: String { "authorizer \(authorizer): \(reason)" }
}
