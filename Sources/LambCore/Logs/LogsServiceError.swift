/// An error of the CloudWatch Logs API, answered in the JSON 1.1 shape (`__type` and `message`, status 400).
public struct LogsServiceError: Error, Sendable, Equatable {
    /// The exception name botocore raises (`ResourceNotFoundException`, ...).
    public var type: String
    public var message: String
    public var status: Int

    public init(_ type: String, _ message: String, status: Int = 400) {
        self.type = type
        self.message = message
        self.status = status
    }

    public static func invalidParameter(_ message: String) -> LogsServiceError {
        LogsServiceError("InvalidParameterException", message)
    }

    public static let groupNotFound = LogsServiceError(
        "ResourceNotFoundException", "The specified log group does not exist.")
    public static let streamNotFound = LogsServiceError(
        "ResourceNotFoundException", "The specified log stream does not exist.")
    public static let invalidFilterPattern = invalidParameter("Invalid filter pattern")
    public static let invalidNextToken = invalidParameter("The specified nextToken is invalid.")
}
