import Foundation
import Testing

@testable import LambImages

@Suite("Manifests and platform selection")
struct ManifestSelectionTests {
    let index = """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:arm","size":1,
           "platform":{"architecture":"arm64","os":"linux"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:amd","size":1,
           "platform":{"architecture":"amd64","os":"linux"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:att","size":1,
           "platform":{"architecture":"unknown","os":"unknown"}}]}
        """

    @Test("An index gives the manifest of the asked architecture")
    func choosesArchitecture() throws {
        guard case .index(let parsed) = try ManifestDocument.parse(Data(index.utf8)) else {
            Issue.record("an index")
            return
        }
        #expect(try PlatformSelection.choose(from: parsed, architecture: "amd64").digest == "sha256:amd")
        #expect(try PlatformSelection.choose(from: parsed, architecture: "arm64").digest == "sha256:arm")
        #expect(throws: ImageError.self) { try PlatformSelection.choose(from: parsed, architecture: "s390x") }
    }

    @Test("A manifest without mediaType is recognised by its members; schema 1 is refused")
    func manifests() throws {
        let manifest = #"{"schemaVersion":2,"config":{"digest":"sha256:c","size":2},"layers":[{"digest":"sha256:l"}]}"#
        guard case .manifest(let parsed) = try ManifestDocument.parse(Data(manifest.utf8)) else {
            Issue.record("a manifest")
            return
        }
        #expect(parsed.config.digest == "sha256:c")
        #expect(parsed.layers.map(\.digest) == ["sha256:l"])
        #expect(throws: ImageError.self) {
            try ManifestDocument.parse(Data(#"{"schemaVersion":1,"fsLayers":[]}"#.utf8))
        }
    }

    @Test("Docker credential files: auth or username/password, by host or URL key")
    func credentials() {
        let file = """
            {"auths":{"https://index.docker.io/v1/":{"auth":"\(Data("hub:secret".utf8).base64EncodedString())"},
                      "registry.example:5000":{"username":"u","password":"p"}}}
            """
        #expect(
            RegistryCredentials.parse(Data(file.utf8), host: "docker.io")
                == RegistryCredentials(username: "hub", password: "secret"))
        #expect(
            RegistryCredentials.parse(Data(file.utf8), host: "registry.example:5000")
                == RegistryCredentials(username: "u", password: "p"))
        #expect(RegistryCredentials.parse(Data(file.utf8), host: "other.example") == nil)
    }

    @Test("A credential helper for the host, else the store, else none")
    func helpers() {
        let file = #"{"credsStore":"desktop","credHelpers":{"123456789012.dkr.ecr.us-east-1.amazonaws.com":"ecr-login"}}"#
        #expect(RegistryCredentials.helper(Data(file.utf8), host: "123456789012.dkr.ecr.us-east-1.amazonaws.com") == "ecr-login")
        #expect(RegistryCredentials.helper(Data(file.utf8), host: "ghcr.io") == "desktop")
        #expect(RegistryCredentials.helper(Data(#"{"auths":{}}"#.utf8), host: "ghcr.io") == nil)
    }

    @Test("WWW-Authenticate challenges")
    func challenges() {
        let bearer = AuthChallenge.parse(
            #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull""#
        )
        #expect(bearer?.scheme == "bearer")
        #expect(bearer?.parameters["realm"] == "https://auth.docker.io/token")
        #expect(bearer?.parameters["scope"] == "repository:library/alpine:pull")
        #expect(AuthChallenge.parse(#"Basic realm="registry""#)?.scheme == "basic")
    }
}
