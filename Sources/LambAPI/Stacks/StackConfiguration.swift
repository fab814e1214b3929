import Foundation

/// How `lamb serve` treats SAM / CloudFormation templates (`--template`, `--parameter-overrides`, ...). Built once by
/// the executable; an empty `templates` list means no template is served.
public struct StackConfiguration: Sendable {
    /// Template files, absolute. Each is one stack.
    public var templates: [String] = []
    /// `--stack-name`: only with one template; otherwise each stack is named after its template's directory.
    public var stackName: String?
    /// `--parameter-overrides Key=Value ...`.
    public var parameterOverrides: [String: String] = [:]
    /// `--env-vars FILE` (SAM's JSON format).
    public var environmentVariablesFile: String?
    /// `--dotenv FILE`, or `./.env` when it exists.
    public var dotenvFile: String?
    /// Install `requirements.txt` / `package.json` dependencies (`--no-build` turns it off).
    public var buildDependencies = true
    /// Watch code directories and templates and apply changes (`--no-watch` turns it off).
    public var watch = true
    /// Any finding (an unsupported property or resource) makes start-up fail.
    public var strict = false
    /// The environment pip and npm run with (the user's PATH, HOME, PIP_* and npm_config_* settings).
    public var buildEnvironment: [String: String] = [:]

    public init() {}

    /// True when at least one template is served.
    public var isEnabled: Bool { !templates.isEmpty }

    /// The stack name for `template`: `--stack-name`, or the name of the template's directory made into a valid
    /// CloudFormation stack name (letters, digits and hyphens, starting with a letter), with the file's stem
    /// appended when one directory holds several served templates.
    public func stackName(for template: String) -> String {
        if let stackName, templates.count == 1 { return stackName }
        let url = URL(fileURLWithPath: template)
        var base = url.deletingLastPathComponent().lastPathComponent
        let siblings = templates.filter {
            URL(fileURLWithPath: $0).deletingLastPathComponent() == url.deletingLastPathComponent()
        }
        if siblings.count > 1 { base += "-" + url.deletingPathExtension().lastPathComponent }
        return Self.validStackName(base)
    }

    static func validStackName(_ text: String) -> String {
        var name = String(text.map { $0.isLetter || $0.isNumber ? $0 : "-" }.filter(\.isASCII))
        if name.first.map({ !$0.isLetter }) ?? true { name = "stack-" + name }
        return String(name.prefix(128))
    }
}
