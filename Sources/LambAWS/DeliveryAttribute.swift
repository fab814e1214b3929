/// A message attribute Lamb sets on what it delivers (a dead letter's `RequestID`, `ErrorCode`, `ErrorMessage`):
/// SQS and SNS both carry a data type and a string value.
public struct DeliveryAttribute: Sendable, Equatable {
    /// `String` or `Number`.
    public var dataType: String
    public var value: String

    public init(dataType: String, value: String) {
        self.dataType = dataType
        self.value = value
    }
}
