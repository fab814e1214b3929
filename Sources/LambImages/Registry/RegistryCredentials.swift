import Foundation

/// `user:password` for a registry, from the user's Docker credential file (`$DOCKER_CONFIG/config.json` or
/// `~/.docker/config.json`): the credential helper it names for the host (`credHelpers`, else `credsStore`), run as
/// Docker runs it (`docker-credential-NAME get`, the host on stdin), or its `auths` entry (what `docker login` writes
/// when no helper is set up).
struct RegistryCredentials: Equatable, Sendable {
    var username: String
    var password: String

    var basicHeader: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }

    static func load(for host: String, configPath: String? = nil) -> RegistryCredentials? {
        let path =
            configPath ?? ProcessInfo.processInfo.environment["DOCKER_CONFIG"].map { $0 + "/config.json" }
            ?? (NSHomeDirectory() + "/.docker/config.json")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        if let helper = helper(data, host: host), let found = run(helper: helper, host: host) { return found }
        return parse(data, host: host)
    }

    /// The helper the file names for `host`: `credHelpers[host]`, else `credsStore`.
    static func helper(_ data: Data, host: String) -> String? {
        struct Config: Decodable {
            var credHelpers: [String: String]?
            var credsStore: String?
        }
        guard let config = try? JSONDecoder().decode(Config.self, from: data) else { return nil }
        return config.credHelpers?[host] ?? config.credsStore
    }

    /// `docker-credential-NAME get` from `PATH`, the server URL on stdin, `{"Username", "Secret"}` on stdout;
    /// `nil` when it is missing, fails or knows nothing of the host (anonymous pulls then go on).
    static func run(helper: String, host: String) -> RegistryCredentials? {
        struct Answer: Decodable {
            var Username: String
            var Secret: String
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["docker-credential-" + helper, "get"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        input.fileHandleForWriting.write(Data(host.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let answer = try? JSONDecoder().decode(Answer.self, from: data) else {
            return nil
        }
        return RegistryCredentials(username: answer.Username, password: answer.Secret)
    }

    static func parse(_ data: Data, host: String) -> RegistryCredentials? {
        struct Auth: Decodable {
            var auth: String?
            var username: String?
            var password: String?
        }
        struct Config: Decodable { var auths: [String: Auth]? }
        guard let config = try? JSONDecoder().decode(Config.self, from: data), let auths = config.auths else {
            return nil
        }
        // Keys are written as hosts or as URLs (`https://index.docker.io/v1/` for Docker Hub).
        let wanted =
            host == "docker.io" || host == "registry-1.docker.io"
            ? ["docker.io", "index.docker.io", "registry-1.docker.io"] : [host]
        for (key, auth) in auths {
            var name = key
            for prefix in ["https://", "http://"] where name.hasPrefix(prefix) {
                name = String(name.dropFirst(prefix.count))
            }
            name = name.split(separator: "/").first.map(String.init) ?? name
            guard wanted.contains(name) else { continue }
            if let encoded = auth.auth, let decoded = Data(base64Encoded: encoded),
                let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
            {
                return RegistryCredentials(
                    username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
            }
            if let username = auth.username, let password = auth.password {
                return RegistryCredentials(username: username, password: password)
            }
        }
        return nil
    }
}

/// A `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
struct AuthChallenge: Equatable {
    var scheme: String
    var parameters: [String: String]

    static func parse(_ header: String) -> AuthChallenge? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else {
            return trimmed.isEmpty ? nil : AuthChallenge(scheme: trimmed.lowercased(), parameters: [:])
        }
        var parameters: [String: String] = [:]
        var rest = trimmed[trimmed.index(after: space)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                value = String(rest[..<end])
                rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[key] = value
        }
        return AuthChallenge(scheme: trimmed[..<space].lowercased(), parameters: parameters)
    }
}
