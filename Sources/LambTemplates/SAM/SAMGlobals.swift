/// A template's `Globals` section. `Globals.Function` is merged into every `AWS::Serverless::Function`,
/// `Globals.Api` into every `AWS::Serverless::Api` and `Globals.HttpApi` into every `AWS::Serverless::HttpApi`
/// (SAM's implicit APIs included). The other sections configure resource types Lamb does not create.
struct SAMGlobals: Sendable {
    /// `Globals.Function`.
    var function: [TemplateEntry] = []
    /// `Globals.Api`.
    var api: [TemplateEntry] = []
    /// `Globals.HttpApi`.
    var httpApi: [TemplateEntry] = []
    /// One finding per section Lamb has no use for (`SimpleTable`...).
    var findings: [TemplateFinding] = []

    /// The sections SAM accepts that configure types Lamb does not create.
    static let otherSections: Set<String> = ["SimpleTable", "StateMachine", "CapacityProvider"]

    static let serverlessApi = "AWS::Serverless::Api"
    static let serverlessHttpApi = "AWS::Serverless::HttpApi"

    init(section: [TemplateEntry], file: String) throws(TemplateError) {
        for entry in section {
            let location = TemplateLocation(file: file, logicalId: "Globals", path: entry.key, line: entry.line)
            let properties: [TemplateEntry]
            switch entry.value {
            case .map(let entries): properties = entries
            case .null: properties = []
            default: throw location.error("must be a map of properties")
            }
            switch entry.key {
            case "Function": function = properties
            case "Api": api = properties
            case "HttpApi": httpApi = properties
            case let name where Self.otherSections.contains(name):
                findings.append(location.finding(.ignored, "AWS::Serverless::\(name) is not emulated"))
            default:
                findings.append(location.finding(.ignored, "not a Globals section Lamb knows; it has no effect"))
            }
        }
    }

    /// `resource` with its Globals section merged in if it is a SAM function or API; others are returned as they are.
    func applied(to resource: TemplateResource) -> TemplateResource {
        let globals: [TemplateEntry]
        switch resource.type {
        case LambdaResourceType.serverlessFunction: globals = function
        case Self.serverlessApi: globals = api
        case Self.serverlessHttpApi: globals = httpApi
        default: return resource
        }
        guard !globals.isEmpty else { return resource }
        var merged = resource
        merged.properties = GlobalsMerger.merge(globals: globals, into: resource.properties)
        return merged
    }
}
