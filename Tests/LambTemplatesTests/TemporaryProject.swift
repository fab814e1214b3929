import Foundation
import LambCore
import LambTemplates

/// A project directory under the system's temporary directory, removed when the test is done: templates and code
/// directories are written into it and loaded from it.
final class TemporaryProject {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var path: String { root.path }

    /// Writes `text` to `relativePath`, creating directories on the way.
    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Creates a code directory with one file in it.
    @discardableResult
    func directory(_ relativePath: String) throws -> String {
        try write(relativePath + "/app.py", "def handler(event, context):\n    return event\n")
        return root.appendingPathComponent(relativePath).standardizedFileURL.path
    }

    static let context = TemplateContext(
        account: AccountContext(region: "eu-west-1", accountId: "123456789012"), stackName: "demo")

    /// Writes `template` as `template.yaml` (or `name`) and loads it.
    func load(
        _ template: String, name: String = "template.yaml", overrides: [String: String] = [:],
        known: [String: String] = [:], context: TemplateContext = TemporaryProject.context
    ) throws -> LoadedStack {
        let file = try write(name, template)
        var context = context
        context.parameterOverrides = overrides
        return try TemplateLoader(context: context).load(path: file, knownReferences: known)
    }

    /// Loads `template` and returns the error it fails with (nil when it loads).
    func error(
        _ template: String, name: String = "template.yaml", overrides: [String: String] = [:]
    ) throws -> TemplateError? {
        let file = try write(name, template)
        var context = Self.context
        context.parameterOverrides = overrides
        do {
            _ = try TemplateLoader(context: context).load(path: file)
            return nil
        } catch {
            return error
        }
    }
}

extension LoadedStack {
    /// The function with this logical id.
    func function(_ logicalId: String) -> StackFunction? { functions.first { $0.logicalId == logicalId } }

    /// The findings about one resource, as `path: treatment`.
    func findings(of logicalId: String) -> [String] {
        findings.filter { $0.logicalId == logicalId }.map { "\($0.path): \($0.treatment.rawValue)" }
    }
}

/// A SAM template around some resources: the transform, and `Resources:` indented as given.
func samTemplate(_ body: String, header: String = "") -> String {
    """
    AWSTemplateFormatVersion: '2010-09-09'
    Transform: AWS::Serverless-2016-10-31
    \(header)
    Resources:
    \(body)
    """
}
