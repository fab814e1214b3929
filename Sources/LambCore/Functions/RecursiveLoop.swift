/// A function's recursion configuration (PutFunctionRecursionConfig): whether Lambda stops an invocation loop it
/// detects (`Terminate`, the default) or lets it run (`Allow`). One per function, for all its versions.
public enum RecursiveLoop: String, Codable, Sendable, CaseIterable {
    case allow = "Allow"
    case terminate = "Terminate"

    /// What a function has until one is put.
    public static let `default` = RecursiveLoop.terminate

    /// The value a PutFunctionRecursionConfig request asks for; the member is required.
    public static func requested(_ raw: String?) throws(LambError) -> RecursiveLoop {
        var problems = ModelProblems()
        guard let raw else {
            problems.null("recursiveLoop")
            try problems.check()
            return .default
        }
        guard let value = RecursiveLoop(rawValue: raw) else {
            problems.notInEnum(raw, "recursiveLoop", allCases.map(\.rawValue))
            try problems.check()
            return .default
        }
        return value
    }
}
