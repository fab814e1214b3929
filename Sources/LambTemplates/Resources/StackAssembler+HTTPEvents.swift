import LambCore

/// What a function brings to the HTTP gateway: its `Api` / `HttpApi` events (checked here, routed by the gateway)
/// and its `FunctionUrlConfig`.
extension StackAssembler {
    /// Event properties the gateway does not act on, with what Lamb does instead.
    private static let unsupportedEventProperties: [String: [String: String]] = [
        "Api": [
            "RequestParameters": "request parameters are not validated",
            "RequestModel": "request models are not validated",
            "Auth.ApiKeyRequired": "API keys are not checked",
            "Auth.AuthorizationScopes": "REST scopes belong to Cognito authorizers, which are not run",
            "Auth.ResourcePolicy": "resource policies are not enforced",
            "Auth.InvokeRole": "no IAM locally",
            "TimeoutInMillis": "the integration timeout is API Gateway's 29 seconds",
        ],
        "HttpApi": [
            "RouteSettings": "route throttling and logging settings are not applied",
            "TimeoutInMillis": "the integration timeout is API Gateway's 30 seconds",
        ],
    ]

    /// Checks an `Api` / `HttpApi` event as SAM would (a REST route needs `Path` and `Method`) and reports what the
    /// gateway will not do with it.
    mutating func checkHTTPEvent(type: String, _ event: PropertyReader) throws(TemplateError) {
        guard let unsupported = Self.unsupportedEventProperties[type] else { return }
        let properties =
            try event.nested("Properties") ?? PropertyReader(entries: [], at: event.location(of: "Properties"))
        if type == "Api" {
            _ = try properties.requiredString("Path")
            _ = try properties.requiredString("Method")
        }
        if type == "HttpApi", let version = try properties.string("PayloadFormatVersion"),
            version != "1.0" && version != "2.0"
        {
            throw properties.location(of: "PayloadFormatVersion").error("must be 1.0 or 2.0, not \(version)")
        }
        let auth = try properties.nested("Auth")
        for (key, detail) in unsupported.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: ".").map(String.init)
            let present = parts.count == 2 ? auth?.has(parts[1]) ?? false : properties.has(key)
            guard present else { continue }
            let location = parts.count == 2 ? auth!.location(of: parts[1]) : properties.location(of: key)
            note(location.finding(.ignored, detail))
        }
    }

    /// `FunctionUrlConfig`: `AuthType` (required), `Cors`, `InvokeMode`.
    mutating func functionURL(_ config: PropertyReader) throws(TemplateError) -> StackFunctionURL {
        let authText = try config.requiredString("AuthType")
        guard let authType = FunctionURLAuthType(rawValue: authText) else {
            throw config.location(of: "AuthType").error("must be NONE or AWS_IAM, not \(authText)")
        }
        if authType == .awsIAM {
            note(
                config.location(of: "AuthType").finding(
                    .approximated, "requests are not checked for SigV4 signatures; the URL is open"))
        }
        var url = StackFunctionURL(authType: authType)
        if let mode = try config.string("InvokeMode") {
            guard let invokeMode = FunctionURLInvokeMode(rawValue: mode) else {
                throw config.location(of: "InvokeMode").error("must be BUFFERED or RESPONSE_STREAM, not \(mode)")
            }
            url.invokeMode = invokeMode
        }
        if let cors = try config.nested("Cors") {
            url.cors = FunctionURLCors(
                allowCredentials: try cors.bool("AllowCredentials"), allowHeaders: try cors.strings("AllowHeaders"),
                allowMethods: try cors.strings("AllowMethods"), allowOrigins: try cors.strings("AllowOrigins"),
                exposeHeaders: try cors.strings("ExposeHeaders"), maxAge: try cors.int("MaxAge"))
        }
        return url
    }
}
