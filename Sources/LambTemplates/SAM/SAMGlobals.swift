/// A template's `Globals` section, by the resource type each part applies to.
struct SAMGlobals: Sendable {
    /// `Globals.Function`, merged into every `AWS::Serverless::Function`.
    var function: [TemplateEntry] = []
    /// `Globals.LayerVersion`, merged into every `AWS::Serverless::LayerVersion`.
    var layerVersion: [TemplateEntry] = []
    /// One finding per section Lamb has no use for yet (`Api`, `HttpApi`, `SimpleTable`...).
    var findings: [TemplateFinding] = []

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
            case "LayerVersion": layerVersion = properties
            case "Api", "HttpApi":
                findings.append(location.finding(.notYet, "\(entry.key) resources are served by the HTTP gateway (not yet)"))
            default:
                findings.append(location.finding(.ignored, "AWS::Serverless::\(entry.key) is not emulated"))
            }
        }
    }

    /// `resource` with the globals of its type merged in (resources of other types are returned as they are).
    func applied(to resource: TemplateResource) -> TemplateResource {
        var merged = resource
        switch resource.type {
        case LambdaResourceType.serverlessFunction where !function.isEmpty:
            merged.properties = GlobalsMerger.merge(globals: function, into: resource.properties)
        case LambdaResourceType.serverlessLayer where !layerVersion.isEmpty:
            merged.properties = GlobalsMerger.merge(globals: layerVersion, into: resource.properties)
        default:
            break
        }
        return merged
    }
}
