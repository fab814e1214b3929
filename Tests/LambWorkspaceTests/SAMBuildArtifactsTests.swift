import Foundation
import LambWorkspace
import Testing

@Suite("sam build artifacts")
struct SAMBuildArtifactsTests {
    @Test("a function runs from .aws-sam/build/<LogicalId> only when the built template and its directory exist")
    func lookup() throws {
        let project = try ScratchDirectory("sam-project")
        let artifacts = SAMBuildArtifacts(projectRoot: project.url)
        try project.makeDirectory(".aws-sam/build/HelloFunction")
        #expect(artifacts.builtTemplate == nil)
        #expect(artifacts.codeDirectory(forLogicalId: "HelloFunction") == nil)

        try project.write(".aws-sam/build/template.yaml", "Resources: {}")
        #expect(artifacts.builtTemplate?.path == project.at(".aws-sam/build/template.yaml").path)
        #expect(
            artifacts.codeDirectory(forLogicalId: "HelloFunction")?.path
                == project.at(".aws-sam/build/HelloFunction").path)
        #expect(artifacts.codeDirectory(forLogicalId: "NotBuilt") == nil)
        #expect(artifacts.codeDirectory(forLogicalId: "../HelloFunction") == nil)
        #expect(artifacts.codeDirectory(forLogicalId: "..") == nil)
    }
}
