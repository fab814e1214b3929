import LambCore

/// `Ref` and `Fn::GetAtt`: parameters, pseudo parameters, and the resources of the template, including the ones SAM
/// generates (`HelloFunctionRole`, `HelloFunction.Alias`).
extension IntrinsicResolver {
    mutating func reference(_ name: String, at location: TemplateLocation) throws(TemplateError) -> TemplateValue? {
        if name == PseudoParameters.noValue { return nil }
        if let value = pseudo.value(name) { return value }
        if let value = parameters[name] { return value }
        // SAM's `!Ref HelloFunction.Alias` / `!Ref HelloFunction.Version`.
        if let dot = name.firstIndex(of: "."), resources?[String(name[..<dot])] != nil {
            return .string(
                try attribute(String(name[name.index(after: dot)...]), of: String(name[..<dot]), at: location))
        }
        return .string(try resourceReference(name, at: location))
    }

    /// `Fn::GetAtt: [LogicalId, Attribute]` or `Fn::GetAtt: LogicalId.Attribute`.
    mutating func getAtt(_ argument: TemplateValue, at location: TemplateLocation) throws(TemplateError)
        -> TemplateValue
    {
        switch argument {
        case .string(let text):
            guard let dot = text.firstIndex(of: ".") else {
                throw location.error("Fn::GetAtt needs LogicalId.Attribute")
            }
            return .string(
                try attribute(String(text[text.index(after: dot)...]), of: String(text[..<dot]), at: location))
        case .list(let parts) where parts.count == 2:
            guard let logicalId = parts[0].text else { throw location.error("Fn::GetAtt needs a logical id first") }
            let name = try text(parts[1], at: location)
            return .string(try attribute(name, of: logicalId, at: location))
        default:
            throw location.error("Fn::GetAtt needs [LogicalId, Attribute]")
        }
    }

    /// What `Ref` gives for a resource.
    mutating func resourceReference(_ logicalId: String, at location: TemplateLocation) throws(TemplateError) -> String
    {
        let table = try resourceTable(for: logicalId, at: location)
        guard let resource = table[logicalId] else {
            if let generated = try generatedReference(logicalId, attribute: nil, at: location) { return generated }
            throw missing(logicalId, in: table, at: location)
        }
        if let known = table.knownReferences[logicalId] { return known }
        let account = pseudo.context.account
        switch resource.type {
        case LambdaResourceType.serverlessFunction, LambdaResourceType.function:
            return try physicalName(of: resource)
        case LambdaResourceType.serverlessLayer, LambdaResourceType.layer:
            // Lamb numbers a layer's versions from 1; until it has published, version 1 is the best guess.
            return account.layerVersionArn(try physicalName(of: resource), 1).description
        case LambdaResourceType.version:
            return account.functionArn(try targetFunction(of: resource), qualifier: "1")
        case LambdaResourceType.alias:
            let name = try requiredText("Name", of: resource)
            return account.functionArn(try targetFunction(of: resource), qualifier: name)
        case SAMGlobals.serverlessApi, SAMGlobals.serverlessHttpApi:
            // The id is the one the gateway serves the API under and its events carry: not made up.
            return try foreignResource(resource).reference
        default:
            let foreign = try foreignResource(resource)
            reportMadeUp(resource, example: foreign.reference)
            return foreign.reference
        }
    }

    /// What `Fn::GetAtt` gives.
    mutating func attribute(_ attribute: String, of logicalId: String, at location: TemplateLocation)
        throws(TemplateError) -> String
    {
        let table = try resourceTable(for: logicalId, at: location)
        guard let resource = table[logicalId] else {
            if let generated = try generatedReference(logicalId, attribute: attribute, at: location) {
                return generated
            }
            throw missing(logicalId, in: table, at: location)
        }
        let account = pseudo.context.account
        switch (resource.type, attribute) {
        case (LambdaResourceType.serverlessFunction, "Arn"), (LambdaResourceType.function, "Arn"):
            return account.functionArn(try physicalName(of: resource))
        case (LambdaResourceType.serverlessFunction, "Alias"):
            return account.functionArn(
                try physicalName(of: resource), qualifier: try autoPublishAlias(of: resource, at: location))
        case (LambdaResourceType.serverlessFunction, "Version"):
            _ = try autoPublishAlias(of: resource, at: location)
            if let known = table.knownReferences["\(logicalId).Version"] { return known }
            return account.functionArn(try physicalName(of: resource), qualifier: "1")
        case (LambdaResourceType.serverlessLayer, "Arn"), (LambdaResourceType.layer, "LayerVersionArn"):
            return try resourceReference(logicalId, at: location)
        case (LambdaResourceType.version, "Version"):
            let arn = try resourceReference(logicalId, at: location)
            return arn.split(separator: ":").last.map(String.init) ?? "1"
        case (LambdaResourceType.version, "FunctionArn"), (LambdaResourceType.alias, "AliasArn"):
            return try resourceReference(logicalId, at: location)
        case (let type, _)
        where type.hasPrefix("AWS::Lambda::") || type.hasPrefix("AWS::Serverless::Function")
            || type == LambdaResourceType.serverlessLayer:
            throw location.error("\(logicalId) (\(type)) has no attribute \(attribute) that Lamb knows")
        default:
            let foreign = try foreignResource(resource)
            let value = foreign.attribute(attribute)
            reportMadeUp(resource, example: value)
            return value
        }
    }

    private mutating func foreignResource(_ resource: TemplateResource) throws(TemplateError) -> ForeignResource {
        ForeignResource(
            type: resource.type, logicalId: resource.logicalId, name: try physicalName(of: resource), pseudo: pseudo)
    }

    private mutating func reportMadeUp(_ resource: TemplateResource, example: String) {
        approximate(
            TemplateFinding(
                logicalId: resource.logicalId, path: "References", treatment: .approximated,
                detail: "\(resource.type) is not created; Ref and Fn::GetAtt give made-up values such as \(example)"))
    }

    private func resourceTable(for logicalId: String, at location: TemplateLocation) throws(TemplateError)
        -> ResourceTable
    {
        guard let resources else {
            throw location.error("no parameter named \(logicalId) (Conditions can refer to parameters, not resources)")
        }
        return resources
    }

    private func missing(_ logicalId: String, in table: ResourceTable, at location: TemplateLocation) -> TemplateError {
        if let condition = table.removed[logicalId] {
            return location.error("\(logicalId) is not created: its condition \(condition) is false")
        }
        return location.error("\(logicalId) is not a resource, parameter or pseudo parameter of this template")
    }
}
