import Foundation
import LambGatewayAuth
import Synchronization
import Testing

@Suite("JWKSSource")
struct JWKSSourceTests {
    @Test("a file is read again when it changes")
    func fileReload() async throws {
        let fixtures = try await JWTFixtures()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-jwks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("jwks.json").path
        // First only the RSA key.
        let full = try fixtures.jwksJSON()
        let rsaOnly = full.replacingOccurrences(
            of: #"\{"kty":"EC"[^}]*\},"#, with: "", options: .regularExpression)
        try rsaOnly.write(toFile: path, atomically: true, encoding: .utf8)
        let source = JWKSSource(location: .file(path))
        #expect(try await source.keys().keyIds == ["rsa-1"])
        #expect(try await source.keys().keyIds == ["rsa-1"])
        try full.write(toFile: path, atomically: true, encoding: .utf8)
        // A different size is a change even within the file system's timestamp resolution.
        #expect(try await source.keys().keyIds == ["rsa-1", "ec-1"])
    }

    @Test("a URL is fetched once and kept")
    func urlOnce() async throws {
        let fixtures = try await JWTFixtures()
        let json = try fixtures.jwksJSON()
        let fetches = Mutex(0)
        let source = JWKSSource(location: .url(URL(string: "https://issuer.example.com/jwks")!)) { _ in
            fetches.withLock { $0 += 1 }
            return Array(json.utf8)
        }
        _ = try await source.keys()
        _ = try await source.keys()
        #expect(fetches.withLock { $0 } == 1)
    }

    @Test("a failed fetch is not kept: the next request tries again")
    func urlRetry() async throws {
        let fetches = Mutex(0)
        let source = JWKSSource(location: .url(URL(string: "https://issuer.example.com/jwks")!)) { _ in
            fetches.withLock { $0 += 1 }
            throw MissingValue()
        }
        await #expect(throws: JWKSError.self) { try await source.keys() }
        await #expect(throws: JWKSError.self) { try await source.keys() }
        #expect(fetches.withLock { $0 } == 2)
    }

    @Test(
        "not a key set, or no usable key",
        arguments: [#"{"a":1}"#, #"{"keys":[{"kty":"oct","k":"eA","kid":"h"}]}"#, "["])
    func invalid(json: String) async {
        let source = JWKSSource(location: .inline(json))
        await #expect(throws: JWKSError.self) { try await source.keys() }
    }
}
