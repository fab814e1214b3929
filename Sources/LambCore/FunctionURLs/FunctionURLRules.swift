/// Lambda's checks on function URL requests, with Lambda's wording where it is known: the model's constraints
/// (botocore's `FunctionUrlQualifier`, `FunctionUrlAuthType`, `InvokeMode` and `Cors` shapes) reported together as
/// "N validation errors detected", then the service's own refusals.
public enum FunctionURLRules {
    /// The methods `Cors.AllowMethods` may name. `OPTIONS` is not among them: Lambda answers preflights itself.
    public static let allowedMethods: Set<String> = ["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "*"]
    public static let maxAgeRange = 0...86400

    /// The model's pattern for `Qualifier`: `((?!^\d+$)^[0-9a-zA-Z-_]+$)`: an alias name. A version number is
    /// refused, and so is an explicit `$LATEST` (its `$` is outside the pattern); leaving the qualifier out is how a
    /// URL for `$LATEST` is asked for.
    public static func validateQualifier(_ qualifier: String?) throws(LambError) {
        guard let qualifier else { return }
        let valid =
            !qualifier.isEmpty && qualifier.count <= 128
            && qualifier.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" || $0 == "_" }
            && !qualifier.unicodeScalars.allSatisfy(\.isASCIIDigit)
        guard valid else {
            throw LambError.invalidParameter(
                "1 validation error detected: Value '\(qualifier)' at 'qualifier' failed to satisfy constraint: Member "
                    + "must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)")
        }
    }

    /// Throws `InvalidParameterValueException` if Lambda would refuse the change; `creating` requires `AuthType`.
    public static func validate(_ change: FunctionURLChange, creating: Bool) throws(LambError) {
        var problems: [String] = []
        if let raw = change.authType {
            if FunctionURLAuthType(rawValue: raw) == nil {
                problems.append(enumProblem(raw, "authType", FunctionURLAuthType.allCases.map(\.rawValue)))
            }
        } else if creating {
            problems.append("Value null at 'authType' failed to satisfy constraint: Member must not be null")
        }
        if let raw = change.invokeMode, FunctionURLInvokeMode(rawValue: raw) == nil {
            problems.append(enumProblem(raw, "invokeMode", FunctionURLInvokeMode.allCases.map(\.rawValue)))
        }
        if let cors = change.cors { problems += modelProblems(cors) }
        if !problems.isEmpty {
            let count = problems.count == 1 ? "1 validation error" : "\(problems.count) validation errors"
            throw LambError.invalidParameter("\(count) detected: " + problems.joined(separator: "; "))
        }
        if let cors = change.cors { try validateSemantics(cors) }
    }

    /// Lengths, counts and `MaxAge`'s range, as the model states them.
    static func modelProblems(_ cors: FunctionURLCors) -> [String] {
        var problems: [String] = []
        func check(_ list: [String]?, _ member: String, maxCount: Int, lengths: ClosedRange<Int>) {
            guard let list else { return }
            let shown = "[" + list.joined(separator: ", ") + "]"
            if list.count > maxCount {
                problems.append(
                    "Value '\(shown)' at 'cors.\(member)' failed to satisfy constraint: Member must have length less "
                        + "than or equal to \(maxCount)")
            }
            if list.contains(where: { !lengths.contains($0.count) }) {
                problems.append(
                    "Value '\(shown)' at 'cors.\(member)' failed to satisfy constraint: Member must satisfy constraint: "
                        + "[Member must have length less than or equal to \(lengths.upperBound), Member must have "
                        + "length greater than or equal to \(lengths.lowerBound)]")
            }
        }
        check(cors.allowHeaders, "allowHeaders", maxCount: 100, lengths: 0...1024)
        check(cors.allowMethods, "allowMethods", maxCount: 6, lengths: 0...6)
        check(cors.allowOrigins, "allowOrigins", maxCount: 100, lengths: 1...253)
        check(cors.exposeHeaders, "exposeHeaders", maxCount: 100, lengths: 0...1024)
        if let maxAge = cors.maxAge, !maxAgeRange.contains(maxAge) {
            let bound =
                maxAge < maxAgeRange.lowerBound
                ? "greater than or equal to \(maxAgeRange.lowerBound)"
                : "less than or equal to \(maxAgeRange.upperBound)"
            problems.append(
                "Value '\(maxAge)' at 'cors.maxAge' failed to satisfy constraint: Member must have value \(bound)")
        }
        return problems
    }

    /// The service's refusals: methods outside what a URL serves, and CORS asked for without any origin.
    static func validateSemantics(_ cors: FunctionURLCors) throws(LambError) {
        // Matched without regard to case, as HTTP method names in CORS headers are compared by browsers.
        for method in cors.allowMethods ?? [] where !allowedMethods.contains(method.uppercased()) {
            throw LambError.invalidParameter(
                "\(method) is not a valid value for AllowMethods. You can use GET, PUT, POST, DELETE, HEAD, PATCH, and "
                    + "the wildcard character (*).")
        }
        if cors.isEnabled && (cors.allowOrigins ?? []).isEmpty {
            throw LambError.invalidParameter("You can't leave AllowOrigins as empty when Cors is enabled.")
        }
    }

    static func enumProblem(_ value: String, _ member: String, _ allowed: [String]) -> String {
        "Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy enum value set: "
            + "[\(allowed.sorted().joined(separator: ", "))]"
    }

    // MARK: Addresses

    /// A new URL id: 32 characters from `[a-z0-9]`, as Lambda's are.
    public static func newURLId<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    public static func newURLId() -> String {
        var generator = SystemRandomNumberGenerator()
        return newURLId(using: &generator)
    }

    /// Whether `id` has the shape of a URL id.
    public static func isURLId(_ id: Substring) -> Bool {
        id.utf8.count == 32 && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// `http://<url-id>.lambda-url.<region>.localhost:<port>/`: Lambda's host name shape on loopback (browsers and
    /// curl resolve `*.localhost` to 127.0.0.1), in place of Lambda's `https://<url-id>.lambda-url.<region>.on.aws/`.
    public static func url(urlId: String, region: String, port: Int) -> String {
        "http://\(urlId).lambda-url.\(region).localhost:\(port)/"
    }

    /// The URL id a `Host` header names (`<url-id>.lambda-url.<region>.<anything>[:port]`), or `nil`.
    public static func urlId(fromHost host: String) -> String? {
        let labels = host.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 3, labels[1] == "lambda-url", isURLId(labels[0]) else { return nil }
        return String(labels[0])
    }
}
