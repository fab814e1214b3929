/// A layer version's ARN, `arn:aws:lambda:<region>:<account>:layer:<name>:<version>`, and the layer names the
/// Lambda API accepts (`LayerName` is a name or an unversioned layer ARN).
public struct LayerVersionArn: Sendable, Hashable, CustomStringConvertible {
    public var partition: String
    public var region: String
    public var accountId: String
    public var layerName: String
    public var version: Int

    public init(partition: String = "aws", region: String, accountId: String, layerName: String, version: Int) {
        self.partition = partition
        self.region = region
        self.accountId = accountId
        self.layerName = layerName
        self.version = version
    }

    /// The unversioned layer ARN.
    public var layerArn: String { "arn:\(partition):lambda:\(region):\(accountId):layer:\(layerName)" }

    public var description: String { "\(layerArn):\(version)" }

    /// Parses `arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+` (1 to 140 characters), the
    /// model's pattern for a layer version ARN.
    public static func parse(_ raw: String) -> LayerVersionArn? {
        guard raw.count <= 140 else { return nil }
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 8, parts[0] == "arn", parts[2] == "lambda", parts[5] == "layer",
            isARNWord(parts[1]), isARNWord(parts[3]), isAccountId(parts[4]), isValidName(parts[6]),
            !parts[7].isEmpty, parts[7].unicodeScalars.allSatisfy(\.isASCIIDigit), let version = Int(parts[7])
        else { return nil }
        return LayerVersionArn(
            partition: parts[1], region: parts[3], accountId: parts[4], layerName: parts[6], version: version)
    }

    /// The layer's name from a `LayerName` value: a bare name, or a layer ARN without a version. `nil` when the value
    /// matches neither form.
    public static func layerName(from raw: String) -> String? {
        guard !raw.isEmpty, raw.count <= 140 else { return nil }
        if isValidName(raw) { return raw }
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "lambda", parts[5] == "layer", isARNWord(parts[1]),
            isARNWord(parts[3]), isAccountId(parts[4]), isValidName(parts[6])
        else { return nil }
        return parts[6]
    }

    /// `[a-zA-Z0-9-_]+`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 140
            && name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" || $0 == "_" }
    }

    static func isARNWord(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" }
    }

    static func isAccountId(_ s: String) -> Bool {
        s.count == 12 && s.unicodeScalars.allSatisfy(\.isASCIIDigit)
    }

    /// Lambda's answer to a `LayerName` that is neither a name nor a layer ARN.
    public static func invalidLayerName(_ raw: String) -> LambError {
        LambError.invalidParameter(
            "1 validation error detected: Value '\(raw)' at 'layerName' failed to satisfy constraint: Member must "
                + "satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:"
                + "[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+"
        )
    }

    /// Lambda's answer to a malformed layer version ARN (in a function's `Layers` or GetLayerVersionByArn).
    public static func invalidArn(_ raw: String, member: String) -> LambError {
        LambError.invalidParameter(
            "1 validation error detected: Value '\(raw)' at '\(member)' failed to satisfy constraint: Member must "
                + "satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:"
                + "[a-zA-Z0-9-_]+:[0-9]+"
        )
    }
}

extension AccountContext {
    /// `arn:aws:lambda:<region>:<account>:layer:<name>`
    public func layerArn(_ name: String) -> String { "arn:aws:lambda:\(region):\(accountId):layer:\(name)" }

    /// The ARN of version `version` of the layer `name` in this account.
    public func layerVersionArn(_ name: String, _ version: Int) -> LayerVersionArn {
        LayerVersionArn(region: region, accountId: accountId, layerName: name, version: version)
    }
}
