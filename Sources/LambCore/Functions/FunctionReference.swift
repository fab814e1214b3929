/// A `FunctionName` as the API receives it: a name, `name:qualifier`, a partial ARN
/// (`123456789012:function:name[:qualifier]`) or a full ARN, plus an optional separate `Qualifier`.
public struct FunctionReference: Sendable, Equatable {
    public var name: String
    public var qualifier: String?

    public init(name: String, qualifier: String? = nil) {
        self.name = name
        self.qualifier = qualifier
    }

    /// Parses a `FunctionName` path or body value. A qualifier inside the name and a separate `Qualifier` must agree.
    public static func parse(_ raw: String, qualifier explicit: String? = nil, allowQualifier: Bool = true) throws
        -> FunctionReference
    {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var name: String
        var qualifier: String?
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            name = parts[0]
            qualifier = parts[1]
        case 3 where parts[1] == "function":
            name = parts[2]
        case 4 where parts[1] == "function":
            name = parts[2]
            qualifier = parts[3]
        case 7 where parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function":
            name = parts[6]
        case 8 where parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function":
            name = parts[6]
            qualifier = parts[7]
        default:
            throw invalidName(raw)
        }
        guard isValidName(name) else { throw invalidName(raw) }
        if let q = qualifier {
            guard isValidQualifier(q) else { throw invalidName(raw) }
        }
        if let explicit {
            guard isValidQualifier(explicit) else {
                throw LambError.invalidParameter(
                    "1 validation error detected: Value '\(explicit)' at 'qualifier' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)"
                )
            }
            if let q = qualifier, q != explicit {
                throw LambError.invalidParameter("The derived qualifier from the function name does not match the specified qualifier.")
            }
            qualifier = explicit
        }
        if qualifier != nil && !allowQualifier {
            throw LambError.invalidParameter("Unsupported qualifier: a qualifier is not allowed for this operation.")
        }
        return FunctionReference(name: name, qualifier: qualifier)
    }

    /// `[a-zA-Z0-9-_]+`, 1 to 64 characters.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" || $0 == "_" }
    }

    /// `$LATEST`, a version number or an alias name, 1 to 128 characters.
    public static func isValidQualifier(_ q: String) -> Bool {
        !q.isEmpty && q.count <= 128
            && q.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" || $0 == "_" || $0 == "$" }
    }

    public static func invalidName(_ raw: String) -> LambError {
        LambError.invalidParameter(
            "1 validation error detected: Value '\(raw)' at 'functionName' failed to satisfy constraint: Member must "
                + "satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?"
                + "(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"
        )
    }
}
