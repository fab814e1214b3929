import LambCore

/// The properties of a resource that references to it need: its name (`FunctionName`, `LayerName`, `QueueName`), the
/// function a version or alias belongs to, an alias's name, a SAM function's `AutoPublishAlias`.
///
/// They may themselves refer to other resources (`FunctionName: !Sub "${Other}-x"`), so each is resolved at most
/// once, and a chain that comes back to a property already being resolved is an error rather than an endless loop.
extension IntrinsicResolver {
    /// The text of `property` of `resource`, resolved; nil when it is absent (or `AWS::NoValue`).
    mutating func referencedProperty(_ property: String, of resource: TemplateResource) throws(TemplateError)
        -> String?
    {
        let key = "\(resource.logicalId).\(property)"
        if let known = referencedProperties[key] { return known }
        guard let raw = resource.property(property) else { return nil }
        let location = resource.propertiesLocation(in: file).appending(property, line: nil)
        if let start = propertiesInProgress.firstIndex(of: key) {
            let chain = (propertiesInProgress[start...] + [key]).map { $0.prefix { $0 != "." } }
            throw location.error("circular reference: \(chain.joined(separator: " → "))")
        }
        propertiesInProgress.append(key)
        let resolved = try resolve(raw, at: location)
        propertiesInProgress.removeLast()
        guard let resolved else { return nil }
        guard let text = resolved.text else { throw location.error("must be a string, not \(resolved.kindName)") }
        referencedProperties[key] = text
        return text
    }

    /// Like ``referencedProperty(_:of:)`` for a property the resource cannot do without.
    mutating func requiredText(_ property: String, of resource: TemplateResource) throws(TemplateError) -> String {
        guard let text = try referencedProperty(property, of: resource) else {
            throw resource.propertiesLocation(in: file).appending(property, line: nil).error("is required")
        }
        return text
    }

    /// A resource's name: its name property resolved, or the name Lamb gives it (the logical id for functions and
    /// layers, `<stack>-<LogicalId>` for resources Lamb does not create).
    mutating func physicalName(of resource: TemplateResource) throws(TemplateError) -> String {
        switch resource.type {
        case LambdaResourceType.serverlessFunction, LambdaResourceType.function:
            return try referencedProperty("FunctionName", of: resource) ?? resource.logicalId
        case LambdaResourceType.serverlessLayer, LambdaResourceType.layer:
            let name = try referencedProperty("LayerName", of: resource) ?? resource.logicalId
            // `LayerName` may be a layer's ARN.
            return LayerVersionArn.layerName(from: name) ?? name
        default:
            if let property = ForeignResource.nameProperty(for: resource.type),
                let name = try referencedProperty(property, of: resource)
            {
                return name
            }
            return ForeignResource.generatedName(
                type: resource.type, logicalId: resource.logicalId, stackName: pseudo.context.stackName)
        }
    }

    /// The name of the function a `FunctionName` property designates: a name, an ARN (full or partial, with or
    /// without a qualifier), or a `Ref` / `Fn::GetAtt` of a function of the template.
    mutating func targetFunction(of resource: TemplateResource) throws(TemplateError) -> String {
        let raw = try requiredText("FunctionName", of: resource)
        do {
            return try FunctionReference.parse(raw).name
        } catch {
            throw resource.propertiesLocation(in: file).appending("FunctionName", line: nil)
                .error("\(raw) is not a function name or ARN")
        }
    }

    /// `AutoPublishAlias`, resolved; an error for a function that has none (SAM refuses `HelloFunction.Alias` then).
    mutating func autoPublishAlias(of function: TemplateResource, at location: TemplateLocation) throws(TemplateError)
        -> String
    {
        guard let alias = try referencedProperty("AutoPublishAlias", of: function) else {
            throw location.error(
                "\(function.logicalId) has no AutoPublishAlias, so it has no alias or published version")
        }
        return alias
    }
}
