import ArgumentParser
import Foundation
import LambAPI
import LambAuth

/// `lamb serve`'s options for who may call the Lambda API.
struct AuthOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How callers of the Lambda API authenticate: none (trust every caller; the default on loopback) or sigv4.",
            discussion:
                "With sigv4 every request must carry an AWS Signature Version 4 made with a configured key, verified as"
                + " AWS verifies it. Requests from inside functions must always be signed (see docs/security.md)."))
    var auth = "none"
    @Option(
        name: .customLong("auth-key"),
        help: "A key callers may sign with, as ACCESS_KEY_ID:SECRET, or ACCESS_KEY_ID:SECRET:ACCOUNT for another account's caller (repeatable).")
    var authKeys: [String] = []
    @Option(
        name: .customLong("auth-credentials"),
        help: ArgumentHelp(
            "An AWS shared credentials file whose keys callers may sign with.",
            discussion:
                "Default with --auth sigv4 and no --auth-key: $AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials,"
                + " plus $AWS_ACCESS_KEY_ID."))
    var authCredentials: String?
    @Option(
        name: .customLong("function-api-access"),
        help: "What functions may do with the Lambda API, with the credentials Lamb gives them: none, invoke, full.")
    var functionAPIAccess = "invoke"
    @Option(
        name: .customLong("function-credentials"),
        help: "Credentials functions get: issued (per function, by Lamb) or host (the ones lamb serve runs with).")
    var functionCredentials = "issued"
    @Flag(help: "Listen beyond loopback without authentication (a warning is printed at start-up).")
    var insecure = false

    func validate(host: String) throws {
        guard let mode = APIAccessPolicy.Mode(rawValue: auth) else {
            throw ValidationError("--auth must be none or sigv4")
        }
        guard APIAccessPolicy.FunctionAccess(rawValue: functionAPIAccess) != nil else {
            throw ValidationError("--function-api-access must be none, invoke or full")
        }
        guard APIAuthConfiguration.FunctionCredentialSource(rawValue: functionCredentials) != nil else {
            throw ValidationError("--function-credentials must be issued or host")
        }
        for key in authKeys {
            let parts = key.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 || (parts.count == 3 && parts[2].count == 12 && parts[2].allSatisfy(\.isNumber)) else {
                throw ValidationError("--auth-key expects ACCESS_KEY_ID:SECRET or ACCESS_KEY_ID:SECRET:ACCOUNT (12 digits)")
            }
        }
        if let authCredentials, !FileManager.default.fileExists(atPath: authCredentials) {
            throw ValidationError("no such file: \(authCredentials)")
        }
        if mode == .sigv4 && userKeys(environment: ProcessInfo.processInfo.environment).isEmpty {
            throw ValidationError(
                "--auth sigv4 needs keys: give --auth-key ACCESS_KEY_ID:SECRET or --auth-credentials FILE")
        }
        if mode == .none && !insecure && !Self.isLoopback(host) {
            throw ValidationError(
                "refusing to serve the Lambda API on \(host) without authentication: anyone who can reach it could"
                    + " create, run and read functions. Use --auth sigv4, or --insecure if you accept that.")
        }
    }

    func configuration() -> APIAuthConfiguration {
        var c = APIAuthConfiguration()
        c.mode = APIAccessPolicy.Mode(rawValue: auth) ?? .none
        c.functionAccess = APIAccessPolicy.FunctionAccess(rawValue: functionAPIAccess) ?? .invoke
        c.functionCredentials = APIAuthConfiguration.FunctionCredentialSource(rawValue: functionCredentials) ?? .issued
        // Without sigv4 the API ignores signatures, but AWS_IAM Function URLs still check them against these.
        c.userKeys = c.mode == .sigv4 ? userKeys(environment: ProcessInfo.processInfo.environment) : givenKeys()
        return c
    }

    /// The `--auth-key`s.
    func givenKeys() -> [AccessKey] {
        authKeys.map { entry -> AccessKey in
            let parts = entry.split(separator: ":", maxSplits: 2).map(String.init)
            return AccessKey(
                id: parts[0], secret: parts.count > 1 ? parts[1] : "", owner: .user,
                account: parts.count > 2 ? parts[2] : nil)
        }
    }

    /// `--auth-key`s and `--auth-credentials`; with neither, the usual places the AWS SDKs look.
    func userKeys(environment: [String: String]) -> [AccessKey] {
        var keys = givenKeys()
        var files = authCredentials.map { [$0] } ?? []
        if keys.isEmpty && files.isEmpty {
            files.append(SharedCredentialsFile.defaultPath(environment: environment))
            if let id = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] {
                keys.append(
                    AccessKey(id: id, secret: secret, sessionToken: environment["AWS_SESSION_TOKEN"], owner: .user))
            }
        }
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            keys += SharedCredentialsFile.parse(text).map {
                AccessKey(id: $0.accessKeyId, secret: $0.secretAccessKey, sessionToken: $0.sessionToken, owner: .user)
            }
        }
        return keys
    }

    /// The start-up banner's lines for `config` (built by ``configuration()``, whose key files are read once).
    static func summary(_ config: APIAuthConfiguration, host: String) -> [String] {
        var lines = [
            "auth: \(config.mode == .sigv4 ? "sigv4 (\(config.userKeys.count) key(s))" : "none")"
                + "; functions: \(config.functionCredentials.rawValue) credentials, API access \(config.functionAccess.rawValue)"
        ]
        if config.mode == .none && !isLoopback(host) {
            lines.append(
                "WARNING: --insecure: the Lambda API on \(host) accepts unauthenticated requests from anyone who can"
                    + " reach it")
        }
        return lines
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
