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
    public static func make(
        request: GatewayRequest, match: RouteMatch, settings: GatewayEventSettings = GatewayEventSettings()
    ) -> GatewayJSON {
        let route = match.route
        let rest = route.apiKind == .rest
        let headers = request.groupedHeaders(lowercased: false)
        let query = request.queryParameters
        let encoded = BodyEncoding.encode(
            request.body, contentType: request.header("content-type"), kind: route.apiKind,
            binaryMediaTypes: settings.binaryMediaTypes)
        let path = rest ? match.pathWithoutStage : ProxyEventV2.requestedPath(request: request, match: match)
        var event: [(String, GatewayJSON)] = []
        if !rest { event.append(("version", .string("1.0"))) }
        event += [
            ("resource", .string(route.path)),
            ("path", .string(path)),
            ("httpMethod", .string(request.method.uppercased())),
            ("headers", singleValues(headers)),
            ("multiValueHeaders", multiValues(headers)),
            ("queryStringParameters", singleValues(query)),
            ("multiValueQueryStringParameters", multiValues(query)),
            ("pathParameters", .strings(match.pathParameters, orNullIfEmpty: true)),
            ("stageVariables", .strings(settings.stageVariables, orNullIfEmpty: true)),
            ("requestContext", requestContext(request: request, match: match, settings: settings)),
            ("body", .string(orNull: encoded.body)),
            ("isBase64Encoded", .bool(encoded.isBase64Encoded)),
        ]
        return .object(event)
    }

    private static func singleValues(_ groups: [(String, [String])]) -> GatewayJSON {
        groups.isEmpty ? .null : .object(groups.map { ($0.0, .string($0.1.last ?? "")) })
    }

    private static func multiValues(_ groups: [(String, [String])]) -> GatewayJSON {
        groups.isEmpty ? .null : .object(groups.map { ($0.0, .array($0.1.map(GatewayJSON.string))) })
    }

    private static func requestContext(
        request: GatewayRequest, match: RouteMatch, settings: GatewayEventSettings
    ) -> GatewayJSON {
        let route = match.route
        let rest = route.apiKind == .rest
        let extendedId = GatewayIdentifiers.extendedRequestId(requestId: request.requestId)
        var context: [(String, GatewayJSON)] = [
            ("accountId", .string(request.accountId)),
            ("apiId", .string(route.apiId)),
        ]
        if let authorizer = settings.authorizer { context.append(("authorizer", authorizer)) }
        // What the client asked API Gateway for: REST APIs are always reached through their stage.
        let requested =
            rest
            ? "/\(route.stage)\(match.pathWithoutStage)" : ProxyEventV2.requestedPath(request: request, match: match)
        context += [
            ("domainName", .string(request.domainName)),
            ("domainPrefix", .string(request.domainPrefix)),
            ("extendedRequestId", .string(extendedId)),
            ("httpMethod", .string(request.method.uppercased())),
            ("identity", identity(request: request, rest: rest)),
            ("path", .string(requested)),
            ("protocol", .string(request.protocolVersion)),
            ("requestId", .string(rest ? request.requestId : extendedId)),
            ("requestTime", .string(GatewayTime.format(epochMilliseconds: request.timeEpochMilliseconds))),
            ("requestTimeEpoch", .number(String(request.timeEpochMilliseconds))),
            (
                "resourceId",
                rest ? .string(GatewayIdentifiers.resourceId(apiId: route.apiId, path: route.routeKey)) : .null
            ),
            ("resourcePath", .string(route.path)),
            ("stage", .string(route.stage)),
        ]
        return .object(context)
    }

    private static func identity(request: GatewayRequest, rest: Bool) -> GatewayJSON {
        var identity: [(String, GatewayJSON)] = [
            ("accessKey", .null), ("accountId", .null),
        ]
        if rest { identity += [("apiKey", .null), ("apiKeyId", .null)] }
        identity += [
            ("caller", .null), ("cognitoAuthenticationProvider", .null), ("cognitoAuthenticationType", .null),
            ("cognitoIdentityId", .null), ("cognitoIdentityPoolId", .null), ("principalOrgId", .null),
            ("sourceIp", .string(request.sourceIp)), ("user", .null),
            ("userAgent", .string(orNull: request.header("user-agent"))), ("userArn", .null),
        ]
        return .object(identity)
    }
}
