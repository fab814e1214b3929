/// Where an `ImageUri` points: a registry, or one of skopeo's local transports.
public enum ImageLocation: Equatable, Sendable {
    case registry(RegistryReference)
    /// `oci:DIR[:TAG]`: an OCI image layout directory.
    case ociLayout(path: String, tag: String?)
    /// `oci-archive:FILE[:TAG]`: an OCI image layout in a tar file.
    case ociArchive(path: String, tag: String?)
    /// `docker-archive:FILE[:REPO:TAG]`: what `docker save` / `podman save` write.
    case dockerArchive(path: String, tag: String?)

    public static func parse(_ uri: String) throws(ImageError) -> ImageLocation {
        for (prefix, make) in [
            ("oci:", { ImageLocation.ociLayout(path: $0, tag: $1) }),
            ("oci-archive:", { ImageLocation.ociArchive(path: $0, tag: $1) }),
        ] as [(String, (String, String?) -> ImageLocation)] where uri.hasPrefix(prefix) {
            let (path, tag) = splitTag(String(uri.dropFirst(prefix.count)))
            guard path.hasPrefix("/") else {
                throw .invalidReference("\(prefix) needs an absolute path (\(uri))")
            }
            return make(path, tag)
        }
        if uri.hasPrefix("docker-archive:") {
            let rest = String(uri.dropFirst("docker-archive:".count))
            // The optional reference after the path is `repo:tag`, itself with a colon.
            let path = rest.split(separator: ":", maxSplits: 1).first.map(String.init) ?? rest
            guard path.hasPrefix("/") else {
                throw .invalidReference("docker-archive: needs an absolute path (\(uri))")
            }
            let tag = rest.count > path.count ? String(rest.dropFirst(path.count + 1)) : nil
            return .dockerArchive(path: path, tag: tag)
        }
        if uri.hasPrefix("docker://") {
            return .registry(try RegistryReference.parse(String(uri.dropFirst("docker://".count))))
        }
        return .registry(try RegistryReference.parse(uri))
    }

    /// `PATH[:TAG]`, where the tag is what follows the last colon, unless that colon is part of the directory path.
    static func splitTag(_ value: String) -> (String, String?) {
        guard let colon = value.lastIndex(of: ":") else { return (value, nil) }
        let tag = value[value.index(after: colon)...]
        if tag.contains("/") || tag.isEmpty { return (value, nil) }
        return (String(value[..<colon]), String(tag))
    }
}

/// `[HOST[:PORT]/]REPOSITORY[:TAG][@DIGEST]`, as Docker reads it (ECR's
/// `ACCOUNT.dkr.ecr.REGION.amazonaws.com/repo:tag` is one).
public struct RegistryReference: Equatable, Sendable {
    /// As written (`docker.io` when none was).
    public var host: String
    public var repository: String
    public var tag: String?
    public var digest: String?

    /// What the manifest is fetched by: the digest when pinned, else the tag (`latest` by default).
    public var reference: String { digest ?? tag ?? "latest" }

    /// Docker Hub's API lives on another host than its name.
    public var apiHost: String { host == "docker.io" ? "registry-1.docker.io" : host }

    /// `localhost`, `127.0.0.1` and `[::1]` are spoken to over plain HTTP, as Docker does.
    public var isLoopback: Bool {
        let name = hostName
        return name == "localhost" || name == "127.0.0.1" || name == "::1" || name == "[::1]"
    }

    /// The host without its port.
    public var hostName: String {
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") { return String(host[...end]) }
        return host.split(separator: ":").first.map(String.init) ?? host
    }

    /// `host/repository`: the name an image is listed under.
    public var name: String { "\(host)/\(repository)" }

    /// `host/repository@digest`.
    public func pinned(_ digest: String) -> String { "\(name)@\(digest)" }

    public static func parse(_ raw: String) throws(ImageError) -> RegistryReference {
        var rest = Substring(raw)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
            guard let d = digest, d.hasPrefix("sha256:"), d.count == 71,
                d.dropFirst(7).allSatisfy({ $0.isHexDigit && !$0.isUppercase })
            else { throw .invalidReference("\(raw): a digest is sha256: and 64 lowercase hex digits") }
        }
        var host = "docker.io"
        let parts = rest.split(separator: "/", maxSplits: 1)
        if parts.count == 2, parts[0].contains(".") || parts[0].contains(":") || parts[0] == "localhost" {
            host = String(parts[0])
            rest = parts[1]
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
            guard let t = tag, !t.isEmpty, t.count <= 128,
                t.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            else { throw .invalidReference("\(raw): a tag is up to 128 letters, digits, '.', '_' and '-'") }
        }
        var repository = String(rest)
        guard !repository.isEmpty,
            repository.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "._-/".contains($0)) }),
            !repository.hasPrefix("/"), !repository.hasSuffix("/"), !repository.contains("//")
        else { throw .invalidReference("\(raw): a repository is lowercase letters, digits, '.', '_', '-' and '/'") }
        if host == "docker.io" && !repository.contains("/") { repository = "library/" + repository }
        return RegistryReference(host: host, repository: repository, tag: tag, digest: digest)
    }
}
