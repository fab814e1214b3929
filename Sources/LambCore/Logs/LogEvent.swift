/// One log event as `lamb logs` and the logs endpoint return it.
public struct LogEvent: Sendable, Equatable, Codable {
    public var timestamp: Int64
    public var logStreamName: String
    public var message: String

    public init(timestamp: Int64, logStreamName: String, message: String) {
        self.timestamp = timestamp
        self.logStreamName = logStreamName
        self.message = message
    }
}
