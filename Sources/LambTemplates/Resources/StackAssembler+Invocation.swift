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
                logicalId: resource.logicalId, function: function, action: try properties.requiredString("Action"),
                principal: try properties.requiredString("Principal"), sourceArn: try properties.string("SourceArn")))
    }
}
