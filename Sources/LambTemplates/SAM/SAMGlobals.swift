/// A template's `Globals` section. Only `Globals.Function` matters to Lamb: it is merged into every
/// `AWS::Serverless::Function`. The other sections configure resource types Lamb does not create (yet).
struct SAMGlobals: Sendable {
    /// `Globals.Function`.
    var function: [TemplateEntry] = []
    /// One finding per section Lamb has no use for (`Api`, `HttpApi`, `SimpleTable`...).
    var findings: [TemplateFinding] = []

    /// The sections SAM accepts besides `Function`, which configure types Lamb does not create.
    static let otherSections: Set<String> = [
        "Api", "HttpApi", "SimpleTable", "StateMachine", "CapacityProvider",
    ]

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
            case "Function":
                function = properties
            case "Api", "HttpApi":
                findings.append(
                    location.finding(.notYet, "\(entry.key) resources are served by the HTTP gateway (not yet)"))
            case let name where Self.otherSections.contains(name):
                findings.append(location.finding(.ignored, "AWS::Serverless::\(name) is not emulated"))
            default:
                findings.append(location.finding(.ignored, "not a Globals section Lamb knows; it has no effect"))
            }
        }
    }

    /// `resource` with `Globals.Function` merged in if it is a SAM function; other resources are returned as they are.
    func applied(to resource: TemplateResource) -> TemplateResource {
        guard resource.type == LambdaResourceType.serverlessFunction, !function.isEmpty else { return resource }
        var merged = resource
        merged.properties = GlobalsMerger.merge(globals: function, into: resource.properties)
        return merged
    }
}
