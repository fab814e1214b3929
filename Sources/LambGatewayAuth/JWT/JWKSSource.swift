import Foundation
import JWTKit
import LambGateway

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An issuer's JSON Web Key Set, loaded when first needed: a URL is fetched once and kept for the life of the
/// process (as API Gateway keeps a `jwks_uri`'s keys), a file is read again whenever its modification time or size
/// changes (so rotating a test key needs no restart).
///
/// Keys without a `kid`, or of a type jwt-kit cannot verify with (`oct`, encryption keys), are skipped rather than
/// failing the whole set: API Gateway only uses keys a token's `kid` names.
public actor JWKSSource {
    public enum Location: Sendable, Equatable {
        case file(String)
        case url(URL)
        /// A key set given inline (tests, or a key set written into configuration).
        case inline(String)
    }

    /// The usable keys of one load.
    public struct Keys: Sendable {
        public let collection: JWTKeyCollection
        /// The `kid`s jwt-kit accepted; a token naming another is refused before any verification.
        public let keyIds: Set<String>
    }

    public typealias Fetch = @Sendable (URL) async throws -> [UInt8]

    public nonisolated let location: Location
    private let fetch: Fetch
    private var loaded: (keys: Keys, stamp: FileStamp?)?

    private struct FileStamp: Equatable {
        var modified: Date?
        var size: Int?
    }

    public init(location: Location, fetch: @escaping Fetch = JWKSSource.fetchWithURLSession) {
        self.location = location
        self.fetch = fetch
    }

    /// The current keys, loading (or reloading a changed file) first.
    public func keys() async throws(JWKSError) -> Keys {
        switch location {
        case .inline(let json):
            if let loaded { return loaded.keys }
            return try await remember(parse(Array(json.utf8)), stamp: nil)
        case .url(let url):
            if let loaded { return loaded.keys }
            let bytes: [UInt8]
            do {
                bytes = try await fetch(url)
            } catch {
                throw JWKSError(location: location, reason: "fetching the key set failed: \(error)")
            }
            return try await remember(parse(bytes), stamp: nil)
        case .file(let path):
            let stamp = Self.stamp(path)
            if let loaded, loaded.stamp == stamp, stamp.modified != nil { return loaded.keys }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw JWKSError(location: location, reason: "cannot read \(path)")
            }
            return try await remember(parse(Array(data)), stamp: stamp)
        }
    }

    private func remember(_ parsed: Result<JWKS, JWKSError>, stamp: FileStamp?) async throws(JWKSError) -> Keys {
        let jwks: JWKS
        switch parsed {
        case .success(let value): jwks = value
        case .failure(let error): throw error
        }
        let collection = JWTKeyCollection()
        var keyIds: Set<String> = []
        for jwk in jwks.keys {
            guard let kid = jwk.keyIdentifier?.string else { continue }
            do {
                try await collection.add(jwk: jwk)
                keyIds.insert(kid)
            } catch {
                continue
            }
        }
        guard !keyIds.isEmpty else {
            throw JWKSError(location: location, reason: "the key set has no usable signing key with a kid")
        }
        let keys = Keys(collection: collection, keyIds: keyIds)
        loaded = (keys, stamp)
        return keys
    }

    /// Decodes `{"keys": [...]}` one key at a time, so that one key jwt-kit does not know leaves the others usable.
    private nonisolated func parse(_ bytes: [UInt8]) -> Result<JWKS, JWKSError> {
        guard case .array(let items)? = GatewayJSON.parse(bytes)?["keys"] else {
            return .failure(JWKSError(location: location, reason: #"not a JSON Web Key Set ({"keys": [...]})"#))
        }
        let decoder = JSONDecoder()
        let keys = items.compactMap { try? decoder.decode(JWK.self, from: Data($0.bytes)) }
        return .success(JWKS(keys: keys))
    }

    private static func stamp(_ path: String) -> FileStamp {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return FileStamp(
            modified: attributes?[.modificationDate] as? Date, size: (attributes?[.size] as? NSNumber)?.intValue)
    }

    /// `GET url` with URLSession; anything but a 200 is an error.
    public static let fetchWithURLSession: Fetch = { url in
        let (data, response) = try await URLSession.shared.data(from: url)
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            throw JWKSError(location: .url(url), reason: "HTTP \(http.statusCode)")
        }
        return Array(data)
    }
}

/// A key set that could not be loaded.
public struct JWKSError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: JWKSSource.Location
    public var reason: String

    public var description: String {
        switch location {
        case .file(let path): "JWKS \(path): \(reason)"
        case .url(let url): "JWKS \(url.absoluteString): \(reason)"
        case .inline: "JWKS: \(reason)"
        }
    }
}
