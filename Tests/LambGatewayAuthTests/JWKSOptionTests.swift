import Foundation
import LambGatewayAuth
import Testing

@Suite("JWKSOption")
struct JWKSOptionTests {
    @Test("issuer=URL splits at the first '=', so the URL keeps its query")
    func url() throws {
        let option = try JWKSOption.parse(
            "https://cognito-idp.us-east-1.amazonaws.com/pool=https://idp/keys?format=jwks"
        ).get()
        #expect(option.issuer == "https://cognito-idp.us-east-1.amazonaws.com/pool")
        #expect(option.location == .url(URL(string: "https://idp/keys?format=jwks")!))
    }

    @Test("issuer=FILE: absolute, file://, or relative to the base directory")
    func files() throws {
        #expect(try JWKSOption.parse("https://i=/etc/jwks.json").get().location == .file("/etc/jwks.json"))
        #expect(try JWKSOption.parse("https://i=file:///tmp/k.json").get().location == .file("/tmp/k.json"))
        #expect(
            try JWKSOption.parse("https://i=keys/jwks.json", baseDirectory: "/proj").get().location
                == .file("/proj/keys/jwks.json"))
        #expect(try JWKSOption.parse("https://i=keys.json").get().location == .file("keys.json"))
    }

    @Test(
        "malformed values say what is wrong",
        arguments: ["https://issuer", "=file.json", "https://i=", "https://i=https://"])
    func malformed(value: String) {
        guard case .failure(let error) = JWKSOption.parse(value) else {
            Issue.record("\(value) parsed")
            return
        }
        #expect(error.description.hasPrefix("--jwks \(value):"))
    }
}
