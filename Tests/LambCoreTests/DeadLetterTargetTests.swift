import LambCore
import Testing

@Suite("DeadLetterConfig.TargetArn")
struct DeadLetterTargetTests {
    func patch(_ target: String) -> FunctionSettingsPatch {
        var p = FunctionSettingsPatch()
        p.runtime = "python3.11"
        p.handler = "app.handler"
        p.role = "arn:aws:iam::123456789012:role/lambda"
        p.deadLetterTargetArn = target
        return p
    }

    @Test(
        "SQS queues and SNS topics are accepted; \"\" removes the target",
        arguments: ["arn:aws:sqs:us-east-1:123456789012:dlq", "arn:aws:sns:us-east-1:123456789012:dlq", ""])
    func accepted(_ target: String) throws {
        let s = try FunctionSettings.creating(from: patch(target), runtimes: FixedRuntimes())
        #expect(s.deadLetterTargetArn == (target.isEmpty ? nil : target))
    }

    @Test(
        "anything else is InvalidParameterValueException",
        arguments: [
            "dlq", "arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:events:us-east-1:1:event-bus/b",
        ])
    func refused(_ target: String) {
        #expect(throws: LambError.self) {
            try FunctionSettings.creating(from: patch(target), runtimes: FixedRuntimes())
        }
    }
}
