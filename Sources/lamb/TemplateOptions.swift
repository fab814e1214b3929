import ArgumentParser
import Foundation

/// The template flags `lamb serve` and `lamb template check` share, in SAM's spelling.
struct TemplateOptions: ParsableArguments {
    /// The names `sam` looks for in the working directory, in its order.
    static let defaultNames = ["template.yaml", "template.yml", "template.json"]

    @Option(
        name: [.customShort("t"), .customLong("template")],
        help: "A SAM or CloudFormation template (repeatable; default: template.yaml|yml|json here).")
    var templates: [String] = []

    @Option(
        name: .customLong("parameter-overrides"), parsing: .upToNextOption,
        help: "Template parameters: Key=Value ... (or ParameterKey=K,ParameterValue=V).")
    var parameterOverrides: [String] = []

    @Option(name: .customLong("stack-name"), help: "AWS::StackName (default: the template's directory name).")
    var stackName: String?

    func validate() throws {
        for template in templates where !FileManager.default.fileExists(atPath: template) {
            throw ValidationError("--template: no such file: \(template)")
        }
        _ = try ParameterOverrides.parse(parameterOverrides)
    }

    /// The templates to load, absolute: the flags, or the first default name present in the working directory.
    func resolvedTemplates() -> [String] {
        let cwd = FileManager.default.currentDirectoryPath
        if !templates.isEmpty {
            return templates.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: cwd)).standardizedFileURL.path }
        }
        for name in Self.defaultNames {
            let path = URL(fileURLWithPath: cwd).appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path) { return [path] }
        }
        return []
    }
}
