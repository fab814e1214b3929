/// A mistake in an environment file (`.env` or SAM's `--env-vars` JSON), naming the file and, where known, the line.
public struct EnvironmentFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// 1-based; `nil` when the mistake is not on one line (a JSON value of the wrong type).
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
