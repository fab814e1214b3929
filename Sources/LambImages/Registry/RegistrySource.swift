import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// An image in a registry, read with the OCI distribution API: anonymous, with a Bearer token from the registry's
/// token service (the `WWW-Authenticate` challenge), or with Basic credentials from the user's Docker credential
/// file. Plain HTTP for loopback registries and those named with `--insecure-registry`.
final class RegistrySource: ImageSource, @unchecked Sendable {
    let reference: RegistryReference
    private let scheme: String
    private let scratch: String
    private let client: HTTPClient
    private let credentials: RegistryCredentials?
    private var authorization: String?

    init(reference: RegistryReference, insecureHosts: Set<String>, scratch: String, client: HTTPClient) {
        self.reference = reference
        self.scratch = scratch
        self.client = client
        let plain =
            reference.isLoopback || insecureHosts.contains(reference.host) || insecureHosts.contains(reference.hostName)
        scheme = plain ? "http" : "https"
        credentials = RegistryCredentials.load(for: reference.host)
    }

    private var base: String { "\(scheme)://\(reference.apiHost)/v2/\(reference.repository)" }

    func manifest() async throws -> (manifest: ImageManifest, digest: String) {
        var (data, digest, type) = try await fetchManifest(reference.reference)
        if let pinned = reference.digest, digest != pinned {
            throw ImageError.corrupt("the registry's manifest does not match \(pinned)")
        }
        for _ in 0..<4 {
            switch try ManifestDocument.parse(data, mediaType: type) {
            case .manifest(let manifest): return (manifest, digest)
            case .index(let index):
                let chosen = try PlatformSelection.choose(from: index)
                (data, digest, type) = try await fetchManifest(chosen.digest)
                if digest != chosen.digest {
                    throw ImageError.corrupt("manifest \(chosen.digest) does not match its digest")
                }
            }
        }
        throw ImageError.corrupt("image indexes nest too deep")
    }

    private func fetchManifest(_ ref: String) async throws -> (Data, String, String?) {
        let response = try await get("\(base)/manifests/\(ref)", accept: MediaType.accepted.joined(separator: ", "))
        let data = Data(try await response.body.collect(upTo: 8 << 20).readableBytesView)
        // The digest is the hash of the bytes as served (the Docker-Content-Digest header says the same).
        return (data, SHA256Hasher.digest(data), response.headers.first(name: "content-type"))
    }

    func blobPath(_ descriptor: Descriptor) async throws -> String {
        let file = scratch + "/" + descriptor.digest.replacingOccurrences(of: ":", with: "-")
        if FileManager.default.fileExists(atPath: file) { return file }
        let response = try await get("\(base)/blobs/\(descriptor.digest)", accept: "*/*")
        let partial = file + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil),
            let handle = FileHandle(forWritingAtPath: partial)
        else { throw ImageError.unreadable(partial) }
        var hasher = SHA256Hasher()
        do {
            for try await chunk in response.body {
                let bytes = [UInt8](chunk.readableBytesView)
                hasher.update(bytes)
                try handle.write(contentsOf: bytes)
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw ImageError.registry("download of \(descriptor.digest) failed: \(error)")
        }
        guard "sha256:" + hasher.finalize() == descriptor.digest else {
            try? FileManager.default.removeItem(atPath: partial)
            throw ImageError.corrupt("blob \(descriptor.digest) from the registry does not match its digest")
        }
        try FileManager.default.moveItem(atPath: partial, toPath: file)
        return file
    }

    func pinnedName(_ digest: String) -> String { reference.pinned(digest) }

    // MARK: HTTP

    /// GET with the registry's authorization (obtained on the first 401), following redirects (blob storage) without
    /// it: a presigned URL must not get the registry's token.
    private func get(_ url: String, accept: String) async throws -> HTTPClientResponse {
        var target = url
        var authorized = true
        var challenged = false
        for _ in 0..<6 {
            var request = HTTPClientRequest(url: target)
            request.headers.add(name: "Accept", value: accept)
            request.headers.add(name: "User-Agent", value: "lamb")
            if authorized, let authorization { request.headers.add(name: "Authorization", value: authorization) }
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .seconds(300))
            } catch {
                throw ImageError.registry("\(reference.apiHost) cannot be reached over \(scheme): \(error)")
            }
            switch response.status.code {
            case 200:
                return response
            case 401 where authorized && !challenged:
                challenged = true
                let header = response.headers.first(name: "www-authenticate") ?? ""
                _ = try? await response.body.collect(upTo: 1 << 20)
                guard let challenge = AuthChallenge.parse(header), try await authenticate(challenge) else {
                    throw accessDenied()
                }
                continue
            case 401:
                _ = try? await response.body.collect(upTo: 1 << 20)
                throw accessDenied()
            case 301, 302, 303, 307, 308:
                _ = try? await response.body.collect(upTo: 1 << 20)
                guard let location = response.headers.first(name: "location") else {
                    throw ImageError.registry("a redirect without a Location")
                }
                let next = URL(string: location, relativeTo: URL(string: target))?.absoluteString ?? location
                if URL(string: next)?.host != URL(string: target)?.host { authorized = false }
                target = next
                continue
            case 404:
                _ = try? await response.body.collect(upTo: 1 << 20)
                throw ImageError.notFound("\(reference.name):\(reference.reference) is not in the registry (404)")
            default:
                let body = (try? await response.body.collect(upTo: 1 << 16)).map { String(buffer: $0) } ?? ""
                throw ImageError.registry("\(reference.apiHost) answered \(response.status.code): \(body.prefix(300))")
            }
        }
        throw ImageError.registry("too many redirects from \(reference.apiHost)")
    }

    private func accessDenied() -> ImageError {
        let hint = credentials == nil ? "; no credentials for \(reference.host) in the Docker credential file" : ""
        return .registry("\(reference.name): access denied (401)\(hint)")
    }

    /// Answers a challenge: Basic with the stored credentials, or a Bearer token from the realm (with them, when
    /// there are any, else anonymously). `false` when there is nothing to answer with.
    private func authenticate(_ challenge: AuthChallenge) async throws -> Bool {
        if challenge.scheme == "basic" {
            guard let credentials else { return false }
            authorization = credentials.basicHeader
            return true
        }
        guard challenge.scheme == "bearer", let realm = challenge.parameters["realm"],
            var components = URLComponents(string: realm)
        else { return false }
        var query = components.queryItems ?? []
        if let service = challenge.parameters["service"] { query.append(URLQueryItem(name: "service", value: service)) }
        query.append(
            URLQueryItem(
                name: "scope", value: challenge.parameters["scope"] ?? "repository:\(reference.repository):pull"))
        components.queryItems = query
        guard let url = components.string else { return false }
        var request = HTTPClientRequest(url: url)
        if let credentials { request.headers.add(name: "Authorization", value: credentials.basicHeader) }
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        guard response.status.code == 200 else {
            throw ImageError.registry("the token service at \(realm) answered \(response.status.code)")
        }
        struct Token: Decodable {
            var token: String?
            var access_token: String?
        }
        guard let token = try? JSONDecoder().decode(Token.self, from: body),
            let value = token.token ?? token.access_token
        else { throw ImageError.registry("the token service at \(realm) gave no token") }
        authorization = "Bearer " + value
        return true
    }
}
