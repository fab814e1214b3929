import LambGateway

/// The event a Lambda authorizer function receives, per kind, as "Input to an API Gateway Lambda authorizer" (REST)
/// and "Control access to HTTP APIs with AWS Lambda authorizers" (HTTP API) show it.
///
/// The REQUEST events are the proxy events of the same payload format (``ProxyEventV1``, ``ProxyEventV2``) without
/// `body` and `isBase64Encoded` (an authorizer never sees the body) and with the authorizer's keys in front, so the
/// two stay field-for-field alike as AWS's do.
public enum AuthorizerEvent {
    /// REST `TOKEN`: `{"type":"TOKEN","authorizationToken":...,"methodArn":...}`.
    public static func token(_ token: String, methodArn: String) -> GatewayJSON {
        .object([
            ("type", .string("TOKEN")), ("authorizationToken", .string(token)), ("methodArn", .string(methodArn)),
        ])
    }

    /// REST `REQUEST`: `type`, `methodArn`, then the payload 1.0 request fields and `requestContext`.
    public static func restRequest(_ input: AuthorizationRequest) -> GatewayJSON {
        let proxy = proxyFields(ProxyEventV1.make(request: input.request, match: input.match, settings: input.settings))
        return .object([("type", .string("REQUEST")), ("methodArn", .string(input.arn))] + proxy)
    }

    /// HTTP API, authorizer payload 1.0: `version`, `type`, `methodArn`, `identitySource` and `authorizationToken`
    /// (both the identity values comma-joined), then the payload 1.0 request fields.
    public static func httpRequestV1(_ input: AuthorizationRequest, identityValues: [String]) -> GatewayJSON {
        let proxy = proxyFields(ProxyEventV1.make(request: input.request, match: input.match, settings: input.settings))
            .filter { $0.0 != "version" }
        let joined = GatewayJSON.string(identityValues.joined(separator: ","))
        return .object(
            [
                ("version", .string("1.0")), ("type", .string("REQUEST")), ("methodArn", .string(input.arn)),
                ("identitySource", joined), ("authorizationToken", joined),
            ] + proxy)
    }

    /// HTTP API, authorizer payload 2.0: `version`, `type`, `routeArn`, `identitySource` (a list, in the configured
    /// order), then the payload 2.0 request fields.
    public static func httpRequestV2(_ input: AuthorizationRequest, identityValues: [String]) -> GatewayJSON {
        let proxy = proxyFields(ProxyEventV2.make(request: input.request, match: input.match, settings: input.settings))
            .filter { $0.0 != "version" }
        return .object(
            [
                ("version", .string("2.0")), ("type", .string("REQUEST")), ("routeArn", .string(input.arn)),
                ("identitySource", .array(identityValues.map(GatewayJSON.string))),
            ] + proxy)
    }

    /// A proxy event's members without what an authorizer is not sent.
    private static func proxyFields(_ event: GatewayJSON) -> [(String, GatewayJSON)] {
        guard case .object(let members) = event else { return [] }
        return members.filter { $0.0 != "body" && $0.0 != "isBase64Encoded" }
    }
}
