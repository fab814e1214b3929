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
    public static func make(
        request: GatewayRequest, match: RouteMatch, settings: GatewayEventSettings = GatewayEventSettings()
    ) -> GatewayJSON {
        let route = match.route
        let cookies = request.headerValues("cookie").flatMap { header in
            header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let headers = request.groupedHeaders(lowercased: true, excluding: ["cookie"])
        let query = request.queryParameters
        let encoded = BodyEncoding.encode(
            request.body, contentType: request.header("content-type"), kind: route.apiKind)
        let rawPath = requestedPath(request: request, match: match)
        var event: [(String, GatewayJSON)] = [
            ("version", .string("2.0")),
            ("routeKey", .string(route.routeKey)),
            ("rawPath", .string(rawPath)),
            ("rawQueryString", .string(request.rawQueryString)),
        ]
        if !cookies.isEmpty { event.append(("cookies", .array(cookies.map(GatewayJSON.string)))) }
        event.append(("headers", .object(headers.map { ($0.0, .string($0.1.joined(separator: ","))) })))
        if !query.isEmpty {
            event.append(("queryStringParameters", .object(query.map { ($0.0, .string($0.1.joined(separator: ","))) })))
        }
        event.append(
            ("requestContext", requestContext(request: request, match: match, path: rawPath, settings: settings)))
        if let body = encoded.body { event.append(("body", .string(body))) }
        if !match.pathParameters.isEmpty { event.append(("pathParameters", .strings(match.pathParameters))) }
        event.append(("isBase64Encoded", .bool(encoded.isBase64Encoded)))
        if !settings.stageVariables.isEmpty { event.append(("stageVariables", .strings(settings.stageVariables))) }
        return .object(event)
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
        request: GatewayRequest, match: RouteMatch, path: String, settings: GatewayEventSettings
    ) -> GatewayJSON {
        let route = match.route
        let functionURL = route.apiKind == .functionURL
        let accountId = functionURL && settings.functionURLIsAnonymous ? "anonymous" : request.accountId
        var context: [(String, GatewayJSON)] = [
            ("accountId", .string(accountId)),
            ("apiId", .string(route.apiId)),
        ]
        if let authorizer = settings.authorizer { context.append(("authorizer", authorizer)) }
        let http: [(String, GatewayJSON)] = [
            ("method", .string(request.method.uppercased())),
            ("path", .string(path)),
            ("protocol", .string(request.protocolVersion)),
            ("sourceIp", .string(request.sourceIp)),
            ("userAgent", .string(request.header("user-agent") ?? "")),
        ]
        context += [
            ("domainName", .string(request.domainName)),
            ("domainPrefix", .string(request.domainPrefix)),
            ("http", .object(http)),
            // HTTP APIs use the extended id as their request id; Lambda uses the invocation's id for URLs.
            (
                "requestId",
                .string(
                    functionURL ? request.requestId : GatewayIdentifiers.extendedRequestId(requestId: request.requestId)
                )
            ),
            ("routeKey", .string(route.routeKey)),
            ("stage", .string(route.stage)),
            ("time", .string(GatewayTime.format(epochMilliseconds: request.timeEpochMilliseconds))),
            ("timeEpoch", .number(String(request.timeEpochMilliseconds))),
        ]
        return .object(context)
    }
}
