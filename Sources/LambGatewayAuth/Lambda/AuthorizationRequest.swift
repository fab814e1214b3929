import LambGateway

/// One request as an authorizer sees it: the HTTP request, the route it matched, the stage's settings and the ARN
/// API Gateway would authorize (`methodArn` for REST, `routeArn` for HTTP APIs).
public struct AuthorizationRequest: Sendable {
    public var request: GatewayRequest
    public var match: RouteMatch
    /// Stage variables, binary media types (the events reuse the proxy event builders).
    public var settings: GatewayEventSettings
    /// `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`.
    public var arn: String

    public init(
        request: GatewayRequest, match: RouteMatch, settings: GatewayEventSettings = GatewayEventSettings(),
        region: String
    ) {
        self.request = request
        self.match = match
        self.settings = settings
        self.arn = Self.executeAPIArn(request: request, match: match, region: region)
    }

    public init(
        request: GatewayRequest, match: RouteMatch, settings: GatewayEventSettings = GatewayEventSettings(), arn: String
    ) {
        self.request = request
        self.match = match
        self.settings = settings
        self.arn = arn
    }

    /// The method (REST) or route (HTTP) ARN: the request's method and its path without the stage, as the caller
    /// sent it (`.../Prod/GET/pets/42`, not the resource template), the root being `.../Prod/GET/`.
    public static func executeAPIArn(request: GatewayRequest, match: RouteMatch, region: String) -> String {
        let route = match.route
        let path =
            match.pathWithoutStage.hasPrefix("/") ? String(match.pathWithoutStage.dropFirst()) : match.pathWithoutStage
        return "arn:aws:execute-api:\(region):\(request.accountId):\(route.apiId)/\(route.stage)/"
            + "\(request.method.uppercased())/\(path)"
    }
}
