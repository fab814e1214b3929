/// The answers API Gateway and Lambda give for a ``GatewayFailure``, per kind of front door, in one table.
///
/// Sources (what AWS documents, and where it does not, what was measured or is SAM CLI's behaviour):
/// - Function error or malformed result: REST 502 `{"message": "Internal server error"}`; a refused invocation
///   (throttle, payload too large for Lambda) 500 with the same body — Lambda Developer Guide, "Handling Lambda
///   errors with an API Gateway API". HTTP APIs answer 500 `{"message":"Internal Server Error"}` for both.
/// - Unknown route: REST 403 `{"message":"Missing Authentication Token"}` with `x-amzn-ErrorType:
///   MissingAuthenticationTokenException` (API Gateway's `MISSING_AUTHENTICATION_TOKEN` gateway response, and SAM
///   CLI's `route_not_found`); HTTP APIs 404 `{"message":"Not Found"}`.
/// - Integration timeout: REST 504 `{"message": "Endpoint request timed out"}` (`INTEGRATION_TIMEOUT`); HTTP APIs
///   503 `{"message":"Service Unavailable"}`.
/// - Too large: API Gateway's 10 MB payload quota, 413 `{"message":"Request Too Long"}` (`REQUEST_TOO_LARGE`).
///   Function URLs pass Lambda's own 413 and message for its 6 MB limit.
/// - Headers over 10 KB: 431 `{"message":"Request Header Fields Too Large"}` (the quota is documented, the answer
///   is Lamb's choice).
/// - Authorizers: 401 `{"message":"Unauthorized"}`; a deny is REST 403 `{"message":"User is not authorized to
///   access this resource"}` and HTTP API 403 `{"message":"Forbidden"}`.
/// - Function URLs (not documented; Lamb's choice, as observed on AWS): a function error or malformed result is
///   502 `Internal Server Error`, a throttle 429 `{"Message":"Rate Exceeded."}`, an unknown URL 403
///   `{"Message":"Forbidden"}`. A URL has no integration timeout of its own: the function's timeout applies.
public enum GatewayErrorAnswer {
    /// Status, body, and `x-amzn-ErrorType` (REST only) for each failure and kind.
    public static func answer(
        _ failure: GatewayFailure, kind: GatewayAPIKind
    ) -> (status: Int, body: String, errorType: String?) {
        switch (kind, failure) {
        case (.rest, .noRoute), (.rest, .methodNotRouted):
            (403, #"{"message":"Missing Authentication Token"}"#, "MissingAuthenticationTokenException")
        case (.rest, .functionError), (.rest, .malformedResult):
            (502, #"{"message": "Internal server error"}"#, nil)
        case (.rest, .invocationRejected):
            (500, #"{"message": "Internal server error"}"#, nil)
        case (.rest, .integrationTimeout):
            (504, #"{"message": "Endpoint request timed out"}"#, nil)
        case (.rest, .forbidden):
            (403, #"{"message":"User is not authorized to access this resource"}"#, "AccessDeniedException")
        case (.http, .noRoute), (.http, .methodNotRouted), (.rest, .unknownFunctionURL), (.http, .unknownFunctionURL):
            (404, #"{"message":"Not Found"}"#, nil)
        case (.http, .functionError), (.http, .malformedResult), (.http, .invocationRejected):
            (500, #"{"message":"Internal Server Error"}"#, nil)
        case (.http, .integrationTimeout):
            (503, #"{"message":"Service Unavailable"}"#, nil)
        case (.http, .forbidden):
            (403, #"{"message":"Forbidden"}"#, nil)
        case (.rest, .requestTooLarge), (.http, .requestTooLarge):
            (413, #"{"message":"Request Too Long"}"#, nil)
        case (_, .headersTooLarge):
            (431, #"{"message":"Request Header Fields Too Large"}"#, nil)
        case (.rest, .unauthorized), (.http, .unauthorized), (.functionURL, .unauthorized):
            (401, #"{"message":"Unauthorized"}"#, kind == .rest ? "UnauthorizedException" : nil)
        case (.functionURL, .functionError), (.functionURL, .malformedResult), (.functionURL, .integrationTimeout):
            (502, "Internal Server Error", nil)
        case (.functionURL, .invocationRejected):
            (429, #"{"Message":"Rate Exceeded."}"#, nil)
        case (.functionURL, .requestTooLarge):
            (
                413, #"{"Message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}"#,
                nil
            )
        case (.functionURL, .noRoute), (.functionURL, .methodNotRouted), (.functionURL, .unknownFunctionURL),
            (.functionURL, .forbidden):
            (403, #"{"Message":"Forbidden"}"#, nil)
        }
    }

    /// The full response: the table's status and body, `Content-Type: application/json` (text/plain for a bare
    /// message), `x-amzn-ErrorType` when REST sends one, and the kind's request-id headers.
    public static func response(
        _ failure: GatewayFailure, kind: GatewayAPIKind, requestId: String
    ) -> GatewayResponse {
        let (status, body, errorType) = answer(failure, kind: kind)
        var response = GatewayResponse(status: status, body: Array(body.utf8))
        response.headers.append(("Content-Type", body.hasPrefix("{") ? "application/json" : "text/plain"))
        if let errorType { response.headers.append(("x-amzn-ErrorType", errorType)) }
        GatewayResponseHeaders.addDefaults(to: &response, kind: kind, requestId: requestId)
        return response
    }

    /// The answer for a request the route table could not place.
    public static func response(_ miss: RouteMiss, requestId: String) -> GatewayResponse {
        switch miss {
        case .noRoute(let kind): response(.noRoute, kind: kind, requestId: requestId)
        case .methodNotRouted(let kind): response(.methodNotRouted, kind: kind, requestId: requestId)
        }
    }
}

/// The headers API Gateway and Lambda add to every answer.
public enum GatewayResponseHeaders {
    /// REST: `x-amzn-RequestId` and `x-amz-apigw-id` (the extended request id); HTTP APIs: `apigw-requestid`;
    /// function URLs: `x-amzn-RequestId`. Every kind defaults `Content-Type` to `application/json`.
    public static func addDefaults(to response: inout GatewayResponse, kind: GatewayAPIKind, requestId: String) {
        response.addDefault("Content-Type", "application/json")
        switch kind {
        case .rest:
            response.addDefault("x-amzn-RequestId", requestId)
            response.addDefault("x-amz-apigw-id", GatewayIdentifiers.extendedRequestId(requestId: requestId))
        case .http:
            response.addDefault("apigw-requestid", GatewayIdentifiers.extendedRequestId(requestId: requestId))
        case .functionURL:
            response.addDefault("x-amzn-RequestId", requestId)
        }
    }
}
