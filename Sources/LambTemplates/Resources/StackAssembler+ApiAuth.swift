/// An API's `Auth`: the Lambda and JWT authorizers the gateway runs, its default authorizer, and a finding for
/// everything else (Cognito and IAM authorization, API keys, usage plans, resource policies).
extension StackAssembler {
    mutating func readAuth(_ auth: PropertyReader, rest: Bool, into api: inout StackApi) throws(TemplateError) {
        let handled: Set<String> = ["Authorizers", "DefaultAuthorizer", "AddDefaultAuthorizerToCorsPreflight"]
        for entry in auth.entries where !handled.contains(entry.key) {
            note(auth.location(of: entry.key).finding(.ignored, Self.unsupportedAuth[entry.key] ?? "not enforced"))
        }
        if let authorizers = try auth.nested("Authorizers") {
            for entry in authorizers.entries {
                let config = try PropertyReader(entry.value, at: authorizers.location(of: entry.key))
                if let authorizer = try rest
                    ? restAuthorizer(entry.key, config) : httpAuthorizer(entry.key, config)
                {
                    api.authorizers.append(authorizer)
                }
            }
        }
        guard let name = try auth.string("DefaultAuthorizer") else { return }
        if name == "AWS_IAM" {
            note(auth.location(of: "DefaultAuthorizer").finding(.ignored, "IAM authorization is not checked"))
        } else if !api.authorizers.contains(where: { $0.name == name }) {
            let declared = try auth.nested("Authorizers")?.has(name) ?? false
            guard declared else {
                throw auth.location(of: "DefaultAuthorizer").error("\(name) is not one of Auth.Authorizers")
            }
        } else {
            api.defaultAuthorizer = name
        }
    }

    private static let unsupportedAuth: [String: String] = [
        "ApiKeyRequired": "API keys are not checked",
        "UsagePlan": "usage plans and their throttles are not applied",
        "ResourcePolicy": "resource policies are not enforced",
        "InvokeRole": "no IAM locally",
        "EnableIamAuthorizer": "IAM authorization is not checked",
    ]

    /// REST: `FunctionArn` with `FunctionPayloadType` TOKEN (default) or REQUEST, or a Cognito `UserPoolArn`.
    private mutating func restAuthorizer(_ name: String, _ config: PropertyReader) throws(TemplateError)
        -> StackAuthorizer?
    {
        guard let functionArn = try config.string("FunctionArn") else {
            let what = config.has("UserPoolArn") ? "Cognito user pool authorizers are" : "this kind of authorizer is"
            note(config.location.finding(.ignored, "\(what) not run; routes using it are open"))
            return nil
        }
        let payload = try config.string("FunctionPayloadType") ?? "TOKEN"
        let identity = try config.nested("Identity")
        var authorizer = StackAuthorizer(
            name: name, kind: payload == "REQUEST" ? .lambdaRequest : .lambdaToken, functionArn: functionArn,
            resultTTLSeconds: try identity?.int("ReauthorizeEvery") ?? 300)
        switch payload {
        case "TOKEN":
            authorizer.identitySources = ["method.request.header.\(try identity?.string("Header") ?? "Authorization")"]
            authorizer.validationExpression = try identity?.string("ValidationExpression")
        case "REQUEST":
            authorizer.identitySources = try Self.identitySources(identity, prefix: "method.request.")
        default:
            throw config.location(of: "FunctionPayloadType").error("must be TOKEN or REQUEST, not \(payload)")
        }
        return authorizer
    }

    /// HTTP: `FunctionArn` (a Lambda REQUEST authorizer) or `JwtConfiguration` with `IdentitySource`.
    private mutating func httpAuthorizer(_ name: String, _ config: PropertyReader) throws(TemplateError)
        -> StackAuthorizer?
    {
        if let functionArn = try config.string("FunctionArn") {
            let identity = try config.nested("Identity")
            let version = try config.string("AuthorizerPayloadFormatVersion") ?? "2.0"
            guard version == "1.0" || version == "2.0" else {
                throw config.location(of: "AuthorizerPayloadFormatVersion").error("must be 1.0 or 2.0, not \(version)")
            }
            return StackAuthorizer(
                name: name, kind: .lambdaRequest, functionArn: functionArn,
                identitySources: try Self.identitySources(identity, prefix: "$request."),
                resultTTLSeconds: try identity?.int("ReauthorizeEvery") ?? 300, payloadFormatVersion: version,
                enableSimpleResponses: try config.bool("EnableSimpleResponses") ?? false)
        }
        if let jwt = try config.nested("JwtConfiguration") {
            return StackAuthorizer(
                name: name, kind: .jwt,
                identitySources: [try config.string("IdentitySource") ?? "$request.header.Authorization"],
                resultTTLSeconds: 0, issuer: try jwt.string("issuer"), audience: try jwt.strings("audience") ?? [])
        }
        note(config.location.finding(.ignored, "this kind of authorizer is not run; routes using it are open"))
        return nil
    }

    /// `Identity.Headers`, `QueryStrings`, `StageVariables` and `Context` as API Gateway's identity sources.
    private static func identitySources(_ identity: PropertyReader?, prefix: String) throws(TemplateError) -> [String] {
        guard let identity else { return [] }
        let rest = prefix.hasPrefix("method")
        var sources: [String] = []
        sources += (try identity.strings("Headers") ?? []).map { "\(prefix)header.\($0)" }
        sources += (try identity.strings("QueryStrings") ?? []).map { "\(prefix)querystring.\($0)" }
        sources += (try identity.strings("StageVariables") ?? []).map {
            rest ? "stageVariables.\($0)" : "$stageVariables.\($0)"
        }
        sources += (try identity.strings("Context") ?? []).map { rest ? "context.\($0)" : "$context.\($0)" }
        return sources
    }
}
