import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("SQS, Kinesis and DynamoDB events, EventSourceMapping and SQS queue resources")
struct EventSourceMappingTemplateTests {
    func load(events: String, resources: String = "", functionExtra: String = "") throws -> LoadedStack {
        var function = ApiResourceTests.function.replacingOccurrences(of: "%@", with: events)
        if !functionExtra.isEmpty {
            function = function.replacingOccurrences(of: "      Runtime: python3.12\n", with: "      Runtime: python3.12\n" + functionExtra)
        }
        return try TemporaryProject().load(samTemplate(function + resources))
    }

    @Test("an SQS event names its queue and settings; a Kinesis event its stream and stream settings")
    func samEvents() throws {
        let stack = try load(
            events: """
                    Jobs:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Work.Arn
                        BatchSize: 20
                        MaximumBatchingWindowInSeconds: 2
                        FunctionResponseTypes: [ReportBatchItemFailures]
                        ScalingConfig: {MaximumConcurrency: 4}
                        FilterCriteria: {Filters: [{Pattern: '{"body": {"kind": ["a"]}}'}]}
                        Enabled: false
                    Clicks:
                      Type: Kinesis
                      Properties:
                        Stream: arn:aws:kinesis:us-east-1:123456789012:stream/clicks
                        StartingPosition: TRIM_HORIZON
                        BisectBatchOnFunctionError: true
                        MaximumRetryAttempts: 3
                        DestinationConfig: {OnFailure: {Type: SQS, Destination: arn:aws:sqs:us-east-1:123456789012:dlq}}
                        MetricsConfig: {Metrics: [EventCount]}
            """,
            resources: "\n  Work:\n    Type: AWS::SQS::Queue\n")
        #expect(stack.eventSourceMappings.count == 2)
        let jobs = stack.eventSourceMappings[0]
        #expect(jobs.logicalId == "FnJobs" && jobs.functionName == "Fn" && jobs.qualifier == nil)
        #expect(jobs.eventSourceArn.hasPrefix("arn:aws:sqs:") && jobs.eventSourceArn.hasSuffix(":\(stack.stackName)-Work"))
        #expect(jobs.batchSize == 20 && jobs.maximumBatchingWindowInSeconds == 2 && jobs.enabled == false)
        #expect(jobs.functionResponseTypes == ["ReportBatchItemFailures"] && jobs.maximumConcurrency == 4)
        #expect(jobs.filterPatterns == [#"{"body": {"kind": ["a"]}}"#])
        let clicks = stack.eventSourceMappings[1]
        #expect(clicks.startingPosition == "TRIM_HORIZON" && clicks.bisectBatchOnFunctionError == true)
        #expect(clicks.maximumRetryAttempts == 3)
        #expect(clicks.onFailureDestination == "arn:aws:sqs:us-east-1:123456789012:dlq")
        #expect(stack.findings.contains { $0.path == "Properties.Events.Clicks.Properties.MetricsConfig" })
    }

    @Test("a function with AutoPublishAlias is mapped through its alias, as SAM does")
    func alias() throws {
        let stack = try load(
            events: "        Jobs: {Type: SQS, Properties: {Queue: arn:aws:sqs:us-east-1:123456789012:q}}",
            functionExtra: "      AutoPublishAlias: live\n")
        #expect(stack.eventSourceMappings.first?.qualifier == "live")
    }

    @Test("an EventSourceMapping resource names its function by Ref or by ARN with a qualifier")
    func resource() throws {
        let stack = try load(
            events: "        {}",
            resources: """

                  ByRef:
                    Type: AWS::Lambda::EventSourceMapping
                    Properties:
                      FunctionName: !Ref Fn
                      EventSourceArn: arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2026-01-01T00:00:00.000
                      StartingPosition: LATEST
                  ByArn:
                    Type: AWS::Lambda::EventSourceMapping
                    Properties:
                      FunctionName: arn:aws:lambda:us-east-1:123456789012:function:Fn:live
                      EventSourceArn: arn:aws:sqs:us-east-1:123456789012:q
                """)
        let byRef = try #require(stack.eventSourceMappings.first { $0.logicalId == "ByRef" })
        #expect(byRef.functionName == "Fn" && byRef.qualifier == nil && byRef.startingPosition == "LATEST")
        let byArn = try #require(stack.eventSourceMappings.first { $0.logicalId == "ByArn" })
        #expect(byArn.functionName == "Fn" && byArn.qualifier == "live")
    }

    @Test("a filter pattern must be a JSON text, as CloudFormation requires")
    func filterMustBeText() throws {
        let error = try TemporaryProject().error(
            samTemplate(
                ApiResourceTests.function.replacingOccurrences(
                    of: "%@",
                    with: "        Jobs: {Type: SQS, Properties: {Queue: arn:aws:sqs:us-east-1:1:q, "
                        + "FilterCriteria: {Filters: [{Pattern: {body: {a: [1]}}}]}}}")))
        #expect(error?.message.contains("must be a string holding the JSON pattern") == true)
    }

    @Test("a queue's properties become CreateQueue attributes; a redrive policy becomes its JSON text")
    func queues() throws {
        let stack = try load(
            events: "        {}",
            resources: """

                  Jobs:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: jobs
                      VisibilityTimeout: 30
                      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dead.Arn, maxReceiveCount: 3}
                      Tags: [{Key: a, Value: b}]
                  Dead:
                    Type: AWS::SQS::Queue
                """)
        #expect(stack.queues.map(\.name) == ["jobs", "\(stack.stackName)-Dead"])
        let jobs = stack.queues[0]
        #expect(jobs.attributes["VisibilityTimeout"] == "30")
        #expect(
            jobs.attributes["RedrivePolicy"]
                == #"{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:123456789012:\#(stack.stackName)-Dead","maxReceiveCount":3}"#)
        #expect(jobs.attributes["Tags"] == nil)
    }
}
