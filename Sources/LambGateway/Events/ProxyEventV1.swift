/// Payload format 1.0: the event REST APIs send (and HTTP API routes with `PayloadFormatVersion: "1.0"`), as
/// "Input format of a Lambda function for proxy integration" documents it, keys in the documentation's order.
///
/// - `headers` / `queryStringParameters` hold one value per name: the last one sent (REST's rule; the full lists
///   are in the `multiValue...` twins). Each is `null` when there are none, as are `pathParameters`,
///   `stageVariables` and `body`.
/// - `path` is the path without the stage (REST) or as requested (HTTP API); `requestContext.path` is what the
///   client asked API Gateway for, so for REST it carries the stage: `/Prod/hello`.
/// - `requestContext.identity` has every key AWS sends, `null` where Lamb has nothing (no IAM, no Cognito, no API
///   keys). `resourceId` is a stable six-character id for REST and `null` for HTTP APIs.
public enum ProxyEventV1 {
    /// The event as a tree (for tests, and for authorizer events made from it).
    public static func make(
        request: GatewayRequest, match: RouteMatch, settings: GatewayEventSettings = GatewayEventSettings()
    ) -> GatewayJSON {
        // The writer's text is JSON by construction.
        GatewayJSON.parse(bytes(request: request, match: match, settings: settings))!
    }

    /// The event's JSON text (UTF-8), written in one pass: what the function is sent.
    public static func bytes(
        request: GatewayRequest, match: RouteMatch, settings: GatewayEventSettings = GatewayEventSettings()
    ) -> [UInt8] {
        let route = match.route
        let rest = route.apiKind == .rest
        let headers = request.groupedHeaders(lowercased: false)
        let query = request.queryParameters
        let encoded = BodyEncoding.encode(
            request.body, contentType: request.header("content-type"), kind: route.apiKind,
            binaryMediaTypes: settings.binaryMediaTypes)
        let path = rest ? match.pathWithoutStage : ProxyEventV2.requestedPath(request: request, match: match)
        let method = request.method.uppercased()
        var event = JSONTextWriter(capacity: 1536 + request.body.count * 4 / 3)
        event.beginObject()
        if !rest { event.member("version", "1.0") }
        event.member("resource", route.path)
        event.member("path", path)
        event.member("httpMethod", method)
        event.key("headers")
        singleValues(headers, into: &event)
        event.key("multiValueHeaders")
        multiValues(headers, into: &event)
        event.key("queryStringParameters")
        singleValues(query, into: &event)
        event.key("multiValueQueryStringParameters")
        multiValues(query, into: &event)
        event.key("pathParameters")
        event.strings(orNullIfEmpty: match.pathParameters)
        event.key("stageVariables")
        event.strings(orNullIfEmpty: settings.stageVariables)
        event.key("requestContext")
        requestContext(request: request, match: match, method: method, settings: settings, into: &event)
        event.key("body")
        event.string(orNull: encoded.body)
        event.key("isBase64Encoded")
        event.bool(encoded.isBase64Encoded)
        event.endObject()
        return event.bytes
    }

    private static func singleValues(_ groups: [(String, [String])], into event: inout JSONTextWriter) {
        guard !groups.isEmpty else { return event.null() }
        event.beginObject()
        for (name, values) in groups {
            event.dynamicKey(name)
            event.string(values.last ?? "")
        }
        event.endObject()
    }

    private static func multiValues(_ groups: [(String, [String])], into event: inout JSONTextWriter) {
        guard !groups.isEmpty else { return event.null() }
        event.beginObject()
        for (name, values) in groups {
            event.dynamicKey(name)
            event.beginArray()
            for value in values { event.string(value) }
            event.endArray()
        }
        event.endObject()
    }

    private static func requestContext(
        request: GatewayRequest, match: RouteMatch, method: String, settings: GatewayEventSettings,
        into context: inout JSONTextWriter
    ) {
        let route = match.route
        let rest = route.apiKind == .rest
        let extendedId = GatewayIdentifiers.extendedRequestId(requestId: request.requestId)
        context.beginObject()
        context.member("accountId", request.accountId)
        context.member("apiId", route.apiId)
        if let authorizer = settings.authorizer {
            context.key("authorizer")
            context.value(authorizer)
        }
        // What the client asked API Gateway for: REST APIs are always reached through their stage.
        let requested =
            rest
            ? "/\(route.stage)\(match.pathWithoutStage)" : ProxyEventV2.requestedPath(request: request, match: match)
        context.member("domainName", request.domainName)
        context.member("domainPrefix", request.domainPrefix)
        context.member("extendedRequestId", extendedId)
        context.member("httpMethod", method)
        context.key("identity")
        identity(request: request, rest: rest, into: &context)
        context.member("path", requested)
        context.member("protocol", request.protocolVersion)
        context.member("requestId", rest ? request.requestId : extendedId)
        context.member("requestTime", GatewayTime.format(epochMilliseconds: request.timeEpochMilliseconds))
        context.key("requestTimeEpoch")
        context.number(String(request.timeEpochMilliseconds))
        context.key("resourceId")
        context.string(orNull: rest ? GatewayIdentifiers.resourceId(apiId: route.apiId, path: route.routeKey) : nil)
        context.member("resourcePath", route.path)
        context.member("stage", route.stage)
        context.endObject()
    }

    private static func identity(request: GatewayRequest, rest: Bool, into identity: inout JSONTextWriter) {
        identity.beginObject()
        func nulls(_ keys: [StaticString]) {
            for key in keys {
                identity.key(key)
                identity.null()
            }
        }
        nulls(identityNullsBeforeREST)
        if rest { nulls(identityRESTNulls) }
        nulls(identityNullsAfterREST)
        identity.member("sourceIp", request.sourceIp)
        identity.key("user")
        identity.null()
        identity.key("userAgent")
        identity.string(orNull: request.header("user-agent"))
        identity.key("userArn")
        identity.null()
        identity.endObject()
    }

    /// `requestContext.identity`'s keys Lamb has nothing for, in order: those before `apiKey`, REST's API key pair,
    /// and those between it and `sourceIp`.
    private static let identityNullsBeforeREST: [StaticString] = ["accessKey", "accountId"]
    private static let identityRESTNulls: [StaticString] = ["apiKey", "apiKeyId"]
    private static let identityNullsAfterREST: [StaticString] = [
        "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId",
        "cognitoIdentityPoolId", "principalOrgId",
    ]
}
