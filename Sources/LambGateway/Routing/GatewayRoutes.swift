import LambTemplates

/// The routes of one loaded stack, and what the gateway needs to serve each API: built from its APIs
/// (``LoadedStack/apis``) and its functions' `Api` / `HttpApi` events.
///
/// - `Api` events: `Path` and `Method` (both required), `RestApiId` (a `Ref` to an `AWS::Serverless::Api`; absent:
///   `ServerlessRestApi`), payload 1.0.
/// - `HttpApi` events: `Path` and `Method` (absent: the `$default` route; a path without a method: `ANY`), `ApiId`
///   (absent: `ServerlessHttpApi`), `PayloadFormatVersion` (default 2.0).
/// - `Auth.Authorizer` of an event names the route's authorizer; `NONE` opens the route; absent: the API's
///   `DefaultAuthorizer`. An authorizer Lamb cannot run (Cognito, IAM) leaves the route open (the template load
///   reports it).
/// - A function with `AutoPublishAlias` is invoked through its alias, as SAM integrates it.
/// - An event naming an API the stack does not have is left out (the load reports it).
public struct GatewayRoutes: Sendable {
    public var routes: [GatewayRoute]
    /// Event settings per API logical id: stage variables and binary media types.
    public var settings: [String: GatewayEventSettings]
    /// CORS per API logical id, for the APIs that configure it.
    public var cors: [String: CORSPolicy]
    /// The APIs by logical id (their authorizers, for the gateway's authorizer step).
    public var apis: [String: StackApi]

    public init(
        routes: [GatewayRoute] = [], settings: [String: GatewayEventSettings] = [:], cors: [String: CORSPolicy] = [:],
        apis: [String: StackApi] = [:]
    ) {
        self.routes = routes
        self.settings = settings
        self.cors = cors
        self.apis = apis
    }

    /// The routes of `stack`. `region` is kept for API ids that depend on it (none do yet).
    public static func make(from stack: LoadedStack, region: String) -> GatewayRoutes {
        var result = GatewayRoutes()
        for api in stack.apis {
            result.apis[api.logicalId] = api
            result.settings[api.logicalId] = GatewayEventSettings(
                stageVariables: api.stageVariables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                binaryMediaTypes: api.binaryMediaTypes)
            if let cors = api.cors {
                result.cors[api.logicalId] = CORSPolicy(api: cors, kind: api.kind == .rest ? .rest : .http)
            }
        }
        for function in stack.functions {
            for event in function.events {
                if let route = route(for: event, of: function, apis: stack.apis) { result.routes.append(route) }
            }
        }
        return result
    }

    private static func route(for event: StackFunctionEvent, of function: StackFunction, apis: [StackApi])
        -> GatewayRoute?
    {
        let properties = event.properties
        let kind: StackApi.Kind
        let idKey: String
        let implicit: String
        switch event.type {
        case "Api": (kind, idKey, implicit) = (.rest, "RestApiId", "ServerlessRestApi")
        case "HttpApi": (kind, idKey, implicit) = (.http, "ApiId", "ServerlessHttpApi")
        default: return nil
        }
        let api: StackApi?
        if let named = properties[idKey]?.text {
            api = apis.first { $0.kind == kind && ($0.apiId == named || $0.logicalId == named) }
        } else {
            api = apis.first { $0.kind == kind && $0.logicalId == implicit }
        }
        guard let api else { return nil }
        let path = properties["Path"]?.text
        let method = properties["Method"]?.text
        let format: PayloadFormatVersion =
            kind == .rest ? .v1 : (properties["PayloadFormatVersion"]?.text == "1.0" ? .v1 : .v2)
        let named = properties["Auth"]?["Authorizer"]?.text
        var authorizer = named == "NONE" ? nil : (named ?? api.defaultAuthorizer)
        if let name = authorizer, !api.authorizers.contains(where: { $0.name == name }) { authorizer = nil }
        var route = GatewayRoute(
            apiKind: kind == .rest ? .rest : .http, apiLogicalId: api.logicalId, apiId: api.apiId,
            stage: api.stageName, method: path == nil && method == nil ? GatewayRoute.anyMethod : (method ?? "ANY"),
            path: path ?? GatewayRoute.defaultRouteKey, functionName: function.name,
            qualifier: function.autoPublishAlias,
            payloadFormat: format, authorizer: authorizer, eventName: event.name)
        if case .list(let scopes)? = properties["Auth"]?["AuthorizationScopes"] {
            route.authorizationScopes = scopes.compactMap(\.text)
        }
        return route
    }
}
