import LambCore

/// References to the resources the SAM transform generates from a function's properties: its implicit role
/// (`HelloFunctionRole`), its auto-published alias (`HelloFunctionAliaslive`, `HelloFunction.Alias`), its function
/// URL (`HelloFunctionUrl`) and the implicit APIs of `Api` / `HttpApi` events (`ServerlessRestApi`,
/// `ServerlessHttpApi`).
extension IntrinsicResolver {
    /// What `Ref` (attribute nil) or `Fn::GetAtt` gives for a generated resource, or nil when `logicalId` is not one.
    mutating func generatedReference(_ logicalId: String, attribute: String?, at location: TemplateLocation)
        throws(TemplateError) -> String?
    {
        guard let table = resources else { return nil }
        let functions = table.resources.values.filter { $0.type == LambdaResourceType.serverlessFunction }
        for function in functions where logicalId.hasPrefix(function.logicalId) {
            let suffix = String(logicalId.dropFirst(function.logicalId.count))
            if suffix == "Role", function.property("Role") == nil {
                switch attribute {
                case nil: return implicitRoleName(of: function)
                case "Arn": return implicitRoleArn(of: function)
                default: throw location.error("\(logicalId) (SAM's implicit role) has no attribute \(attribute ?? "")")
                }
            }
            if suffix.hasPrefix("Alias"), function.property("AutoPublishAlias") != nil,
                suffix == "Alias" + (try autoPublishAlias(of: function, at: location))
            {
                guard attribute == nil || attribute == "AliasArn" else {
                    throw location.error("\(logicalId) (SAM's alias) has no attribute \(attribute ?? "")")
                }
                return try self.attribute("Alias", of: function.logicalId, at: location)
            }
            if suffix == "Url", function.property("FunctionUrlConfig") != nil {
                let name = try physicalName(of: function)
                approximate(
                    TemplateFinding(
                        logicalId: logicalId, path: "References", treatment: .approximated,
                        detail: "function URLs are not served yet; references give a made-up URL"))
                return attribute == "FunctionUrl"
                    ? "https://\(name.lowercased()).lambda-url.\(pseudo.region).on.aws/"
                    : pseudo.context.account.functionArn(name)
            }
        }
        let implicitApis = [
            "ServerlessRestApi": ("Api", "AWS::Serverless::Api"),
            "ServerlessHttpApi": ("HttpApi", "AWS::Serverless::HttpApi"),
        ]
        if let (eventType, apiType) = implicitApis[logicalId],
            functions.contains(where: { Self.hasEvent(ofType: eventType, $0) })
        {
            let api = ForeignResource(type: apiType, logicalId: logicalId, name: logicalId, pseudo: pseudo)
            let value = attribute.map { api.attribute($0) } ?? api.reference
            // `Ref` gives the id the gateway serves the API under; attributes (its AWS endpoint) are made up.
            guard attribute != nil else { return value }
            approximate(
                TemplateFinding(
                    logicalId: logicalId, path: "References", treatment: .approximated,
                    detail:
                        "SAM's implicit API is served by the gateway; Fn::GetAtt gives made-up values such as \(value)"
                ))
            return value
        }
        return nil
    }

    /// SAM names the role it creates for a function without `Role` `<stack>-<LogicalId>Role-<random>`; Lamb leaves
    /// out the random part.
    func implicitRoleName(of function: TemplateResource) -> String {
        "\(pseudo.context.stackName)-\(function.logicalId)Role"
    }

    func implicitRoleArn(of function: TemplateResource) -> String {
        "arn:\(pseudo.partition):iam::\(pseudo.accountId):role/\(implicitRoleName(of: function))"
    }

    private static func hasEvent(ofType type: String, _ function: TemplateResource) -> Bool {
        guard case .map(let events) = function.property("Events") else { return false }
        return events.contains { $0.value["Type"]?.text == type }
    }
}
