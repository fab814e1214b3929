import Foundation
import LambAWS
import LambCore
import Testing

struct MappingRulesTests {
    static let queue = SQSQueueArn("arn:aws:sqs:us-east-1:123456789012:work")!
    static let fifo = SQSQueueArn("arn:aws:sqs:us-east-1:123456789012:work.fifo")!

    func create(_ patch: EventSourceMappingPatch, queue: SQSQueueArn = queue) throws(LambError) -> EventSourceMapping {
        try EventSourceMappingRules.create(patch, queue: queue, functionName: "f", qualifier: nil, now: Date())
    }

    @Test func defaults() throws {
        let mapping = try create(EventSourceMappingPatch(eventSourceArn: "arn:aws:sqs:us-east-1:123456789012:work"))
        #expect(mapping.batchSize == 10)
        #expect(mapping.maximumBatchingWindowInSeconds == 0)
        #expect(mapping.state == .creating)
        #expect(mapping.enabled)
        #expect(mapping.stateTransitionReason == "USER_INITIATED")
    }

    @Test(arguments: [
        (EventSourceMappingPatch(batchSize: 0), "batchSize"),
        (EventSourceMappingPatch(batchSize: 10001), "batchSize"),
        (EventSourceMappingPatch(batchSize: 11), "Maximum batch window"),
        (EventSourceMappingPatch(maximumBatchingWindowInSeconds: 301), "maximumBatchingWindowInSeconds"),
        (EventSourceMappingPatch(maximumConcurrency: .some(1)), "scalingConfig.maximumConcurrency"),
        (EventSourceMappingPatch(maximumConcurrency: .some(1001)), "scalingConfig.maximumConcurrency"),
        (EventSourceMappingPatch(functionResponseTypes: ["Other"]), "functionResponseTypes"),
        (EventSourceMappingPatch(filterPatterns: ["nope"]), "Invalid filter pattern"),
        (EventSourceMappingPatch(startingPosition: "LATEST"), "StartingPosition"),
    ])
    func refusals(_ patch: EventSourceMappingPatch, _ wording: String) {
        do {
            _ = try create(patch)
            Issue.record("accepted \(patch)")
        } catch {
            #expect(error.code == .invalidParameterValue)
            #expect(error.message.contains(wording), "\(error.message)")
        }
    }

    @Test func largeBatchesNeedAWindowAndFIFOHasNone() throws {
        #expect(try create(EventSourceMappingPatch(batchSize: 10000, maximumBatchingWindowInSeconds: 1)).batchSize == 10000)
        #expect(throws: LambError.self) { try create(EventSourceMappingPatch(batchSize: 11), queue: Self.fifo) }
        #expect(throws: LambError.self) {
            try create(EventSourceMappingPatch(maximumBatchingWindowInSeconds: 1), queue: Self.fifo)
        }
    }

    @Test func updatesMoveTheState() throws {
        let mapping = try create(EventSourceMappingPatch())
        let disabled = try EventSourceMappingRules.merging(
            EventSourceMappingPatch(enabled: false), into: mapping, functionName: nil, qualifier: nil, now: Date())
        #expect(disabled.state == .disabling)
        let resized = try EventSourceMappingRules.merging(
            EventSourceMappingPatch(batchSize: 3, filterPatterns: [], maximumConcurrency: .some(nil)), into: mapping,
            functionName: nil, qualifier: nil, now: Date())
        #expect(resized.state == .updating && resized.batchSize == 3 && resized.maximumConcurrency == nil)
    }

    @Test func queueArns() {
        #expect(SQSQueueArn("arn:aws:sqs:eu-west-1:123:q")?.queueName == "q")
        #expect(SQSQueueArn("arn:aws:sqs:eu-west-1:123:q.fifo")?.isFIFO == true)
        #expect(SQSQueueArn("arn:aws:kinesis:eu-west-1:123:stream/s") == nil)
        #expect(SQSQueueArn("arn:aws:sqs:eu-west-1:123") == nil)
    }

    @Test func endpointOptions() throws {
        #expect(try AWSEndpoints.parseOverride("sqs=http://127.0.0.1:4566").service == "sqs")
        #expect(throws: AWSEndpointError.self) { try AWSEndpoints.parseOverride("ec2=http://x") }
        #expect(throws: AWSEndpointError.self) { try AWSEndpoints.parseURL("ftp://x") }
        let endpoints = AWSEndpoints(
            shared: URL(string: "http://a:1"), overrides: ["sqs": URL(string: "http://b:2")!])
        #expect(endpoints.url(for: "sqs")?.host == "b")
        #expect(endpoints.url(for: "sns")?.host == "a")
        #expect(AWSEndpoints.region(environment: ["AWS_DEFAULT_REGION": "eu-west-3"]) == "eu-west-3")
        #expect(AWSCredentials.resolve(environment: ["AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s"])?.source == "environment")
    }
}
