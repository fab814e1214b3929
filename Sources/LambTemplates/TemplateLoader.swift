import LambCore

/// What a template is resolved against: the pseudo parameters and the user's `--parameter-overrides`.
public struct TemplateContext: Sendable, Equatable {
    /// Region and account id (`AWS::Region`, `AWS::AccountId`, and every ARN Lamb builds).
    public var account: AccountContext
    /// `AWS::StackName`.
    public var stackName: String
    /// `--parameter-overrides Key=Value`: win over the template's `Default`s.
    public var parameterOverrides: [String: String]

    public init(account: AccountContext, stackName: String, parameterOverrides: [String: String] = [:]) {
        self.account = account
        self.stackName = stackName
        self.parameterOverrides = parameterOverrides
    }
}

/// Loads a SAM or CloudFormation template into a ``LoadedStack``.
///
/// The steps are CloudFormation's: parameters, then conditions, then resources whose condition holds (with SAM's
/// Globals merged in), each resolved in template order. Any error stops the whole load: nothing half-loaded is
/// returned.
public struct TemplateLoader: Sendable {
    public var context: TemplateContext

    public init(context: TemplateContext) {
        self.context = context
    }

    /// Reads, parses and resolves the template at `path` (a file, or a directory with a `template.yaml`).
    ///
    /// - Parameter knownReferences: logical id → the value `Ref` gives, for resources whose physical id exists only
    ///   once Lamb has created them (a layer version's ARN carries its version number). Without an entry Lamb
    ///   predicts the value (version 1).
    public func load(path: String, knownReferences: [String: String] = [:]) throws(TemplateError) -> LoadedStack {
        let template = try TemplateFile.read(path)
        let file = template.given
        let sections = try TemplateSections(root: try TemplateParser(file: file).parse(template.text), file: file)
        let parameters = try TemplateParameters(
            declarations: sections.parameters, overrides: context.parameterOverrides, file: file)
        try Self.checkLogicalIds(sections, file: file)

        var resolver = IntrinsicResolver(
            file: file, pseudo: PseudoParameters(context: context), parameters: parameters.values,
            mappings: sections.mappings)
        resolver.findings.add(contentsOf: parameters.findings)
        var evaluator = ConditionEvaluator(definitions: sections.conditions, file: file)
        let conditions = try evaluator.evaluateAll { (value, location) throws(TemplateError) in
            try resolver.required(value, at: location)
        }
        resolver.conditions = conditions

        let usesSAM = sections.isServerless || sections.resources.contains { $0.type.hasPrefix("AWS::Serverless::") }
        resolver.findings.add(contentsOf: Self.sectionFindings(sections, usesSAM: usesSAM, file: file))
        let globals = try SAMGlobals(section: usesSAM ? sections.globals : [], file: file)
        resolver.findings.add(contentsOf: globals.findings)

        var kept: [TemplateResource] = []
        var removed: [String: String] = [:]
        for resource in sections.resources {
            if let condition = resource.condition {
                guard let holds = conditions[condition] else {
                    throw resource.location(in: file).appending("Condition", line: nil).error(
                        "no condition named \(condition)")
                }
                if !holds {
                    removed[resource.logicalId] = condition
                    continue
                }
            }
            kept.append(globals.applied(to: resource))
        }
        resolver.resources = ResourceTable(kept: kept, removed: removed, knownReferences: knownReferences)

        var assembler = StackAssembler(
            file: file, code: CodeLocator(templateDirectory: template.directory), resolver: resolver,
            stack: LoadedStack(templatePath: template.absolutePath, stackName: context.stackName))
        assembler.globals = globals
        try assembler.assemble(kept)
        return assembler.stack
    }

    /// CloudFormation refuses a template in which a parameter and a resource share a logical id.
    private static func checkLogicalIds(_ sections: TemplateSections, file: String) throws(TemplateError) {
        let parameters = Set(sections.parameters.map(\.key))
        if let clash = sections.resources.first(where: { parameters.contains($0.logicalId) }) {
            throw clash.location(in: file).error("\(clash.logicalId) is both a parameter and a resource")
        }
    }

    /// Transforms other than SAM's and `AWS::LanguageExtensions` are macros, which only CloudFormation can run;
    /// `Rules` and `Hooks` are not acted on; and SAM resources without SAM's transform would be refused by
    /// CloudFormation (Lamb loads them anyway).
    private static func sectionFindings(_ sections: TemplateSections, usesSAM: Bool, file: String) -> [TemplateFinding]
    {
        var findings: [TemplateFinding] = []
        let location = TemplateLocation(file: file, logicalId: "Template", path: "Transform")
        for name in sections.transforms
        where name != TemplateSections.serverlessTransform && name != TemplateSections.languageExtensions {
            findings.append(
                location.appending(name, line: nil).finding(
                    .ignored, "\(name) is a macro Lamb cannot run; the template is loaded as written"))
        }
        for section in sections.unusedSections {
            let detail =
                section.key == "Rules"
                ? "parameter rules are not checked; parameters are checked against their own constraints only"
                : "hooks are not run"
            findings.append(
                TemplateLocation(file: file, logicalId: "Template", path: section.key).finding(.ignored, detail))
        }
        if usesSAM && !sections.isServerless {
            findings.append(
                location.finding(
                    .approximated,
                    "the template has AWS::Serverless resources but no Transform: "
                        + "\(TemplateSections.serverlessTransform); CloudFormation would refuse it"))
        }
        return findings
    }
}
