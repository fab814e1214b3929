import Foundation

/// Payload format 2.0: the event HTTP APIs send by default and function URLs always send, as "Working with AWS
/// Lambda proxy integrations for HTTP APIs" and "Invoking Lambda function URLs" document it.
///
/// - `headers` names are lower-cased and repeated headers comma-joined; `Cookie` headers are not among them but
///   split on `;` into `cookies`. `queryStringParameters` are percent-decoded and comma-joined.
/// - What is absent is left out rather than `null`: `cookies`, `queryStringParameters`, `pathParameters`,
///   `stageVariables`, `body`, `requestContext.authorizer`.
/// - `rawPath` and `requestContext.http.path` are the path the client asked API Gateway for (percent-decoded by HTTP
///   APIs, as sent for Function URLs; see ``requestedPath(request:match:)``): for an API with a
///   named stage that includes the stage (`/Prod/hello`), as on AWS (frameworks behind such an API are told its
///   base path). Requests that leave the stage out (see ``RouteTable``) get the same event.
/// - Function URLs: `routeKey` and `stage` are `$default`, `apiId` and `domainPrefix` the URL id, and with
///   `AuthType: NONE` `requestContext.accountId` is `"anonymous"`, as Lambda sends.
public enum ProxyEventV2 {
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
        let cookies = request.headerValues("cookie").flatMap { header in
            header.split(separator: ";").map(ASCIIText.trimmingWhitespace).filter { !$0.isEmpty }
        }
        let headers = request.groupedHeaders(lowercased: true, excluding: "cookie")
        let query = request.queryParameters
        let encoded = BodyEncoding.encode(
            request.body, contentType: request.header("content-type"), kind: route.apiKind)
        let rawPath = requestedPath(request: request, match: match)
        var event = JSONTextWriter(capacity: 1024 + request.body.count * 4 / 3)
        event.beginObject()
        event.member("version", "2.0")
        event.member("routeKey", route.routeKey)
        event.member("rawPath", rawPath)
        event.member("rawQueryString", request.rawQueryString)
        if !cookies.isEmpty {
            event.key("cookies")
            event.beginArray()
            for cookie in cookies { event.string(cookie) }
            event.endArray()
        }
        event.key("headers")
        joined(headers, into: &event)
        if !query.isEmpty {
            event.key("queryStringParameters")
            joined(query, into: &event)
        }
        event.key("requestContext")
        requestContext(request: request, match: match, path: rawPath, settings: settings, into: &event)
        if let body = encoded.body { event.member("body", body) }
        if !match.pathParameters.isEmpty {
            event.key("pathParameters")
            event.strings(match.pathParameters)
        }
        event.key("isBase64Encoded")
        event.bool(encoded.isBase64Encoded)
        if !settings.stageVariables.isEmpty {
            event.key("stageVariables")
            event.strings(settings.stageVariables)
        }
        event.endObject()
        return event.bytes
    }

    /// Each name once, its values comma-joined.
    private static func joined(_ groups: [(String, [String])], into event: inout JSONTextWriter) {
        event.beginObject()
        for (name, values) in groups {
            event.dynamicKey(name)
            event.string(values.count == 1 ? values[0] : values.joined(separator: ","))
        }
        event.endObject()
    }

    /// The path as the client would have sent it to AWS: with the stage in front for a named stage.
    ///
    /// HTTP APIs hand the function the path percent-decoded (`/items/a%20b` arrives as `/items/a b`, in `rawPath`,
    /// `requestContext.http.path` and payload 1.0's `path` alike), while Function URLs and REST APIs pass it as
    /// sent. AWS documents neither; it is what captured events show, and what frameworks behind HTTP APIs expect
    /// (Powertools' `APIGatewayHttpResolver` matches `rawPath` as it comes and does not decode it).
    static func requestedPath(request: GatewayRequest, match: RouteMatch) -> String {
        guard match.route.apiKind == .http else { return request.rawPath }
        let path = PercentDecoding.decode(request.rawPath)
        let stage = match.route.stage
        guard stage != GatewayRoute.defaultRouteKey, !match.stagePrefixed else { return path }
        return "/\(stage)\(path)"
    }

    private static func requestContext(
        request: GatewayRequest, match: RouteMatch, path: String, settings: GatewayEventSettings,
        into context: inout JSONTextWriter
    ) {
        let route = match.route
        let functionURL = route.apiKind == .functionURL
        context.beginObject()
        context.member("accountId", functionURL && settings.functionURLIsAnonymous ? "anonymous" : request.accountId)
        context.member("apiId", route.apiId)
        if let authorizer = settings.authorizer {
            context.key("authorizer")
            context.value(authorizer)
        }
        context.member("domainName", request.domainName)
        context.member("domainPrefix", request.domainPrefix)
        context.key("http")
        context.beginObject()
        context.member("method", request.method.uppercased())
        context.member("path", path)
        context.member("protocol", request.protocolVersion)
        context.member("sourceIp", request.sourceIp)
        context.member("userAgent", request.header("user-agent") ?? "")
        context.endObject()
        // HTTP APIs use the extended id as their request id; Lambda uses the invocation's id for URLs.
        context.member(
            "requestId",
            functionURL ? request.requestId : GatewayIdentifiers.extendedRequestId(requestId: request.requestId))
        context.member("routeKey", route.routeKey)
        context.member("stage", route.stage)
        context.member("time", GatewayTime.format(epochMilliseconds: request.timeEpochMilliseconds))
        context.key("timeEpoch")
        context.number(String(request.timeEpochMilliseconds))
        context.endObject()
    }
}
