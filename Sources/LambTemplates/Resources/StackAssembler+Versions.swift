/// `AWS::Lambda::Version` and `AWS::Lambda::Alias`.
extension StackAssembler {
    mutating func addVersion(_ resource: TemplateResource) throws(TemplateError) {
        let properties = try resolvedProperties(of: resource)
        let function = try resolver.targetFunction(of: resource)
        let provisioned = try properties.nested("ProvisionedConcurrencyConfig")?.int("ProvisionedConcurrentExecutions")
        reportProperties(properties, of: resource)
        stack.versions.append(
            StackVersion(
                logicalId: resource.logicalId, function: function, description: try properties.string("Description"),
                provisionedConcurrency: provisioned))
    }

    mutating func addAlias(_ resource: TemplateResource) throws(TemplateError) {
        let properties = try resolvedProperties(of: resource)
        let function = try resolver.targetFunction(of: resource)
        let target: StackVersionTarget
        if let version = versionResource(named: resource.property("FunctionVersion")) {
            target = .versionResource(version)
        } else {
            target = .literal(Self.versionNumber(try properties.requiredString("FunctionVersion")))
        }
        var weights: [String: Double] = [:]
        if let routing = try properties.nested("RoutingConfig"), let raw = routing.value("AdditionalVersionWeights") {
            guard case .list(let items) = raw else {
                throw routing.location(of: "AdditionalVersionWeights").error(
                    "must be a list of {FunctionVersion, FunctionWeight}")
            }
            for (index, item) in items.enumerated() {
                let weight = try PropertyReader(
                    item, at: routing.location(of: "AdditionalVersionWeights").appending(index: index))
                let version = Self.versionNumber(try weight.requiredString("FunctionVersion"))
                guard let value = try weight.double("FunctionWeight") else {
                    throw weight.location(of: "FunctionWeight").error("is required")
                }
                weights[version] = value
            }
        }
        reportProperties(properties, of: resource)
        stack.aliases.append(
            StackAlias(
                logicalId: resource.logicalId, function: function, name: try properties.requiredString("Name"),
                functionVersion: target, description: try properties.string("Description"),
                additionalVersionWeights: weights,
                provisionedConcurrency: try properties.nested("ProvisionedConcurrencyConfig")?.int(
                    "ProvisionedConcurrentExecutions")))
    }

    /// The logical id of the template `AWS::Lambda::Version` that a raw `FunctionVersion` designates
    /// (`!GetAtt MyVersion.Version`, `!Ref MyVersion`), if it does: the version's number exists only once Lamb has
    /// published it.
    private func versionResource(named raw: TemplateValue?) -> String? {
        guard case .map(let entries) = raw, entries.count == 1, let entry = entries.first else { return nil }
        let logicalId: String?
        switch (entry.key, entry.value) {
        case ("Ref", .string(let id)): logicalId = id
        case ("Fn::GetAtt", .list(let parts)) where parts.count == 2 && parts[1].text == "Version":
            logicalId = parts[0].text
        case ("Fn::GetAtt", .string(let text)) where text.hasSuffix(".Version"): logicalId = String(text.dropLast(8))
        default: logicalId = nil
        }
        guard let logicalId, resolver.resources?[logicalId]?.type == LambdaResourceType.version else { return nil }
        return logicalId
    }

    /// `3`, `$LATEST`, `live`, or the qualifier at the end of a version's or alias's ARN.
    static func versionNumber(_ text: String) -> String {
        text.hasPrefix("arn:") ? text.split(separator: ":").last.map(String.init) ?? text : text
    }
}
