import LambCore

/// `AWS::Lambda::EventInvokeConfig` and `AWS::Lambda::Permission`.
extension StackAssembler {
    mutating func addEventInvokeConfig(_ resource: TemplateResource) throws(TemplateError) {
        let properties = try resolvedProperties(of: resource)
        let function = try resolver.targetFunction(of: resource)
        let config = try eventInvokeConfig(properties, function: resource.logicalId)
        reportProperties(properties, of: resource)
        stack.eventInvokeConfigs.append(
            StackEventInvokeConfig(
                logicalId: resource.logicalId, function: function,
                // `!Ref MyAlias` gives the alias's ARN; Lambda wants its name.
                qualifier: Self.versionNumber(try properties.requiredString("Qualifier")), config: config))
    }

    mutating func addPermission(_ resource: TemplateResource) throws(TemplateError) {
        let properties = try resolvedProperties(of: resource)
        let function = try resolver.targetFunction(of: resource)
        reportProperties(properties, of: resource)
        report(resource, PropertyCatalog.resourceType(resource.type))
        stack.permissions.append(
            StackPermission(
                logicalId: resource.logicalId, function: function,
                qualifier: try properties.string("FunctionName").flatMap { try? FunctionReference.parse($0).qualifier },
                action: try properties.requiredString("Action"), principal: try properties.requiredString("Principal"),
                sourceArn: try properties.string("SourceArn"), sourceAccount: try properties.string("SourceAccount"),
                principalOrgID: try properties.string("PrincipalOrgID"),
                functionUrlAuthType: try properties.string("FunctionUrlAuthType"),
                eventSourceToken: try properties.string("EventSourceToken")))
    }
}
