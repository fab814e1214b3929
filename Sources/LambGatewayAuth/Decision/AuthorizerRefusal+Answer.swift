import LambGateway

/// API Gateway's answers to refused requests, in one table.
///
/// Sources:
/// - REST, "Gateway response types for API Gateway" (`UNAUTHORIZED` 401, `ACCESS_DENIED` 403,
///   `AUTHORIZER_FAILURE` / `AUTHORIZER_CONFIGURATION_ERROR` 500) and the AWS Knowledge Center pages "How do I
///   troubleshoot HTTP 403 Forbidden errors when using a Lambda authorizer with an API Gateway REST API?" (the
///   explicit / implicit deny messages) and "Why do I get API Gateway 401 Unauthorized errors after I create a
///   Lambda authorizer?". AWS answers the deny messages under `Message` (capital M, the shape of its
///   `AccessDeniedException`), although the Knowledge Center page prints them under `message`; an authorizer that
///   fails gives the famous `{"message":null}` with `x-amzn-ErrorType: AuthorizerConfigurationException`.
/// - HTTP API, "Control access to HTTP APIs with AWS Lambda authorizers" (a missing identity source is 401, an
///   authorizer that fails or answers in an invalid format is 500 Internal Server Error) and "Troubleshooting issues
///   with HTTP API JWT authorizers" (401 `{"message":"Unauthorized"}` with a `www-authenticate` header saying why;
///   a denied request, and a token without the route's scopes, 403 `{"message":"Forbidden"}`).
/// - Function URLs have no Lambda or JWT authorizers; were one asked, the HTTP API answers are given.
///
/// | refusal | REST | HTTP API |
/// |---|---|---|
/// | unauthorized | 401 `{"message":"Unauthorized"}` | 401 `{"message":"Unauthorized"}` |
/// | explicitDeny | 403 `{"Message":"User is not authorized to access this resource with an explicit deny"}` | 403 `{"message":"Forbidden"}` |
/// | notAllowed | 403 `{"Message":"User is not authorized to access this resource"}` | 403 `{"message":"Forbidden"}` |
/// | authorizerFailure | 500 `{"message":null}` | 500 `{"message":"Internal Server Error"}` |
/// | invalidToken | 401 `{"message":"Unauthorized"}` | 401 `{"message":"Unauthorized"}` + `www-authenticate` |
/// | insufficientScope | 403 `{"message":"Forbidden"}` | 403 `{"message":"Forbidden"}` + `www-authenticate` |
extension AuthorizerRefusal {
    /// Status, body, `x-amzn-ErrorType` (REST only) and any other header API Gateway adds.
    public func answer(kind: GatewayAPIKind) -> (status: Int, body: String, headers: [(String, String)]) {
        let rest = kind == .rest
        func errorType(_ type: String) -> [(String, String)] { rest ? [("x-amzn-ErrorType", type)] : [] }
        switch self {
        case .unauthorized:
            return (401, #"{"message":"Unauthorized"}"#, errorType("UnauthorizedException"))
        case .explicitDeny:
            return rest
                ? (
                    403, #"{"Message":"User is not authorized to access this resource with an explicit deny"}"#,
                    errorType("AccessDeniedException")
                ) : (403, #"{"message":"Forbidden"}"#, [])
        case .notAllowed:
            return rest
                ? (
                    403, #"{"Message":"User is not authorized to access this resource"}"#,
                    errorType("AccessDeniedException")
                ) : (403, #"{"message":"Forbidden"}"#, [])
        case .authorizerFailure:
            return rest
                ? (500, #"{"message":null}"#, errorType("AuthorizerConfigurationException"))
                : (500, #"{"message":"Internal Server Error"}"#, [])
        case .invalidToken(let description):
            let challenge = #"Bearer scope="" error="invalid_token" error_description="\#(description)""#
            return (
                401, #"{"message":"Unauthorized"}"#,
                errorType("UnauthorizedException") + [("www-authenticate", challenge)]
            )
        case .insufficientScope(let required):
            let scopes = required.joined(separator: " ")
            let challenge =
                #"Bearer scope="\#(scopes)" error="insufficient_scope" error_description="expected scopes: [\#(scopes)]""#
            return (
                403, #"{"message":"Forbidden"}"#, errorType("AccessDeniedException") + [("www-authenticate", challenge)]
            )
        }
    }

    /// The full response: the table's status, body and headers, `Content-Type: application/json`, and the kind's
    /// request-id headers.
    public func response(kind: GatewayAPIKind, requestId: String) -> GatewayResponse {
        let (status, body, headers) = answer(kind: kind)
        var response = GatewayResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8))
        GatewayResponseHeaders.addDefaults(to: &response, kind: kind, requestId: requestId)
        return response
    }
}
