import Foundation
import LambWorkspace
import Testing

@Suite("Watch ignore rules")
struct WatchIgnoreRulesTests {
    @Test(
        "editor temporaries and build directories are ignored",
        arguments: [
            ".aws-sam", ".git", "__pycache__", "node_modules", ".lamb", "4913", "app.py.swp", ".app.py.swp", "app.py~",
            ".#app.py", "#app.py#", "app.py___jb_tmp___",
        ])
    func ignored(_ name: String) {
        #expect(WatchIgnoreRules.standard.ignores(name: name))
    }

    @Test("ordinary files are not", arguments: ["app.py", "template.yaml", ".env", "#", "index.js", "swp"])
    func kept(_ name: String) {
        #expect(!WatchIgnoreRules.standard.ignores(name: name))
    }

    @Test("a path is ignored when any of its components is")
    func paths() {
        #expect(WatchIgnoreRules.standard.ignores(relativePath: "src/node_modules/a/index.js"))
        #expect(!WatchIgnoreRules.standard.ignores(relativePath: "src/lib/index.js"))
    }
}
