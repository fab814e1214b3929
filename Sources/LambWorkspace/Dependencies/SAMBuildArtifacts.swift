import Foundation

/// The output of a `sam build` the user already ran: `<project>/.aws-sam/build/template.yaml` and one directory per
/// function or layer, `<project>/.aws-sam/build/<LogicalId>/`, holding the code with its dependencies installed.
///
/// Precedence, as SAM's own local commands have it: when the built template exists, a function (or layer) whose
/// built directory exists runs from that directory, as it is, with no dependency build of Lamb's (`sam build`
/// already installed them, perhaps in a container or with options Lamb does not know). A function without one
/// (built before it was added, or left out of a `sam build Fn` of one function) runs from its source directory, with
/// Lamb's automatic build. Without the built template the build directory is ignored entirely, since a stray
/// `.aws-sam/build` without it is a half-finished or partial build.
///
/// Built artifacts do not follow edits of the source: like `sam local`, Lamb runs what was built until the user
/// runs `sam build` again (or deletes `.aws-sam`). Functions of nested stacks (`.aws-sam/build/<Stack>/<Fn>/`) are
/// not looked up.
public struct SAMBuildArtifacts: Sendable, Equatable {
    public let projectRoot: URL

    public init(projectRoot: URL) {
        self.projectRoot = projectRoot.standardizedFileURL
    }

    /// `<project>/.aws-sam/build`.
    public var buildDirectory: URL {
        projectRoot.appendingPathComponent(".aws-sam", isDirectory: true).appendingPathComponent(
            "build", isDirectory: true)
    }

    /// The built template, when `sam build` has been run.
    public var builtTemplate: URL? {
        let template = buildDirectory.appendingPathComponent("template.yaml")
        return FileManager.default.fileExists(atPath: template.path) ? template : nil
    }

    /// The built code of the function or layer `logicalId`, or `nil` when it should run from its source.
    public func codeDirectory(forLogicalId logicalId: String) -> URL? {
        guard builtTemplate != nil, !logicalId.isEmpty, !logicalId.contains("/"), logicalId != ".", logicalId != ".."
        else { return nil }
        let directory = buildDirectory.appendingPathComponent(logicalId, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return nil }
        return directory
    }
}
