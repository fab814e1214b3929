/// Turns a template's resources, once their conditions and Globals are applied, into a ``LoadedStack``: one
/// resource at a time, in template order, each resolved through the one ``IntrinsicResolver`` so that names and
/// findings are shared.
struct StackAssembler {
    let file: String
    let code: CodeLocator
    var resolver: IntrinsicResolver
    var stack: LoadedStack
    /// Layer version ARN (as `Ref` gives it) → the template layer's logical id, to tell a function's own layers.
    var layerIdsByArn: [String: String] = [:]
    /// The template's Globals, for SAM's implicit APIs.
    var globals: SAMGlobals?

    init(file: String, code: CodeLocator, resolver: IntrinsicResolver, stack: LoadedStack) {
        self.file = file
        self.code = code
        self.resolver = resolver
        self.stack = stack
    }

    /// Adds every resource, then checks what only the whole stack can show (two functions with one name).
    mutating func assemble(_ resources: [TemplateResource]) throws(TemplateError) {
        for layer in resources where LambdaResourceType.isLayer(layer.type) {
            let arn = try resolver.resourceReference(layer.logicalId, at: layer.location(in: file))
            layerIdsByArn[arn] = layer.logicalId
        }
        for resource in resources {
            try add(resource)
        }
        try addImplicitApis()
        try checkFunctionNames(resources)
        stack.findings = resolver.findings.findings
    }

    private mutating func add(_ resource: TemplateResource) throws(TemplateError) {
        switch resource.type {
        case LambdaResourceType.serverlessFunction, LambdaResourceType.function: try addFunction(resource)
        case LambdaResourceType.serverlessLayer, LambdaResourceType.layer: try addLayer(resource)
        case LambdaResourceType.version: try addVersion(resource)
        case LambdaResourceType.alias: try addAlias(resource)
        case LambdaResourceType.eventInvokeConfig: try addEventInvokeConfig(resource)
        case LambdaResourceType.permission: try addPermission(resource)
        case SAMGlobals.serverlessApi, SAMGlobals.serverlessHttpApi: try addApi(resource)
        case LambdaResourceType.eventSourceMapping: try addEventSourceMappingResource(resource)
        case "AWS::SQS::Queue": try addQueue(resource)
        default: try addForeign(resource)
        }
    }

    /// A resource Lamb does not create: its properties are still resolved (a `Ref` to a missing resource is an error
    /// CloudFormation would make too), and it gets one finding.
    private mutating func addForeign(_ resource: TemplateResource) throws(TemplateError) {
        _ = try resolvedProperties(of: resource)
        report(resource, PropertyCatalog.resourceType(resource.type))
    }

    /// Records a finding about the resource as a whole (path `Type`), unless Lamb supports it as AWS does.
    mutating func report(_ resource: TemplateResource, _ support: PropertySupport) {
        guard let treatment = support.treatment else { return }
        note(TemplateFinding(logicalId: resource.logicalId, path: "Type", treatment: treatment, detail: support.detail))
    }

    mutating func note(_ finding: TemplateFinding) { resolver.findings.add(finding) }

    /// The resource's properties with every intrinsic resolved (`AWS::NoValue` ones removed). Properties Lamb does
    /// not use are resolved without reporting made-up values, which would change nothing.
    mutating func resolvedProperties(of resource: TemplateResource) throws(TemplateError) -> PropertyReader {
        let base = resource.propertiesLocation(in: file)
        var entries: [TemplateEntry] = []
        for entry in resource.properties {
            // Events name queues and streams by values Lamb makes up (their ARNs); the APIs they name are real.
            let used =
                entry.key != "Events"
                && (PropertyCatalog.property(entry.key, of: resource.type).map { $0.treatment == nil } ?? false)
            resolver.reportsApproximations = used
            if let value = try resolver.resolve(entry.value, at: base.appending(entry)) {
                entries.append(TemplateEntry(key: entry.key, value: value, line: entry.line))
            }
        }
        resolver.reportsApproximations = true
        return PropertyReader(entries: entries, at: base)
    }

    /// One finding for each property present that Lamb does not use as AWS does (`Properties.VpcConfig`), and for
    /// each it does not know at all. `except` names properties reported in their own way (`Events`).
    mutating func reportProperties(
        _ properties: PropertyReader, of resource: TemplateResource, except: Set<String> = []
    ) {
        for entry in properties.entries where !except.contains(entry.key) {
            let location = properties.location(of: entry.key)
            if let support = PropertyCatalog.property(entry.key, of: resource.type) {
                if let treatment = support.treatment { note(location.finding(treatment, support.detail)) }
            } else {
                note(location.finding(.ignored, "not a property of \(resource.type) that Lamb knows; it has no effect"))
            }
        }
    }

    private func checkFunctionNames(_ resources: [TemplateResource]) throws(TemplateError) {
        var owners: [String: String] = [:]
        for function in stack.functions {
            if let other = owners[function.name] {
                let line = resources.first { $0.logicalId == function.logicalId }?.line
                throw TemplateError(
                    file: file, line: line, logicalId: function.logicalId, property: "Properties.FunctionName",
                    message: "function name \(function.name) is also the name of \(other)")
            }
            owners[function.name] = function.logicalId
        }
    }
}
