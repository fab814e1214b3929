import Foundation
import LambCore
import Testing

@Suite("Event invoke config")
struct EventInvokeConfigTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let rules = EventInvokeConfigRules(function: "me") { ["me", "other"].contains($0) }
    let queue = "arn:aws:sqs:us-east-1:123456789012:q"
    let topic = "arn:aws:sns:us-east-1:123456789012:t"

    @Test("Put replaces the whole config: what it leaves out is removed")
    func putReplaces() throws {
        let first = try EventInvokeConfig.replacing(
            with: EventInvokeConfigPatch(maximumRetryAttempts: 1, onSuccess: queue), rules: rules, now: now)
        #expect(first.maximumRetryAttempts == 1)
        #expect(first.onSuccess == queue)
        let second = try EventInvokeConfig.replacing(
            with: EventInvokeConfigPatch(maximumEventAgeInSeconds: 120), rules: rules, now: now)
        #expect(second.maximumRetryAttempts == nil)
        #expect(second.onSuccess == nil)
        #expect(second.maximumEventAgeInSeconds == 120)
        #expect(second.retryAttempts == 2)
        #expect(second.eventAgeSeconds == 120)
    }

    @Test("Update merges: members it names change, the rest stay; destinations merge one by one; \"\" clears")
    func updateMerges() throws {
        let base = EventInvokeConfig(maximumRetryAttempts: 0, onSuccess: queue, onFailure: topic, lastModified: now)
        let later = now.addingTimeInterval(5)
        let a = try base.merging(EventInvokeConfigPatch(maximumEventAgeInSeconds: 300), rules: rules, now: later)
        #expect(a.maximumRetryAttempts == 0)
        #expect(a.maximumEventAgeInSeconds == 300)
        #expect(a.onSuccess == queue)
        #expect(a.lastModified == later)
        let b = try a.merging(EventInvokeConfigPatch(onFailure: ""), rules: rules, now: later)
        #expect(b.onFailure == nil)
        #expect(b.onSuccess == queue)
        let c = try b.merging(
            EventInvokeConfigPatch(onSuccess: "arn:aws:lambda:us-east-1:123456789012:function:other"), rules: rules,
            now: later)
        #expect(c.onSuccess == "arn:aws:lambda:us-east-1:123456789012:function:other")
    }

    @Test(
        "values Lambda refuses are InvalidParameterValueException and change nothing",
        arguments: [
            EventInvokeConfigPatch(),
            EventInvokeConfigPatch(maximumRetryAttempts: 3),
            EventInvokeConfigPatch(maximumRetryAttempts: -1),
            EventInvokeConfigPatch(maximumEventAgeInSeconds: 30),
            EventInvokeConfigPatch(maximumEventAgeInSeconds: 21601),
            EventInvokeConfigPatch(onFailure: "not-an-arn"),
            EventInvokeConfigPatch(onSuccess: "arn:aws:dynamodb:us-east-1:123456789012:table/t"),
            EventInvokeConfigPatch(onSuccess: "arn:aws:s3:::bucket"),
            EventInvokeConfigPatch(onFailure: "arn:aws:lambda:us-east-1:123456789012:function:me"),
            EventInvokeConfigPatch(onFailure: "arn:aws:lambda:us-east-1:123456789012:function:missing"),
        ])
    func refused(_ patch: EventInvokeConfigPatch) throws {
        let base = EventInvokeConfig(maximumRetryAttempts: 1, lastModified: now)
        var merged: EventInvokeConfig?
        #expect(throws: LambError.self) { merged = try base.merging(patch, rules: rules, now: now) }
        #expect(merged == nil)
        do {
            _ = try EventInvokeConfig.replacing(with: patch, rules: rules, now: now)
            Issue.record("accepted \(patch)")
        } catch {
            #expect(error.code == .invalidParameterValue)
        }
    }

    @Test("the limits themselves are accepted, and every destination service Lambda delivers to")
    func accepted() throws {
        for patch in [
            EventInvokeConfigPatch(maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60),
            EventInvokeConfigPatch(maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21600),
            EventInvokeConfigPatch(onSuccess: queue, onFailure: topic),
            EventInvokeConfigPatch(onSuccess: "arn:aws:events:us-east-1:123456789012:event-bus/default"),
            EventInvokeConfigPatch(onFailure: "arn:aws:s3:::bucket"),
            EventInvokeConfigPatch(onSuccess: "arn:aws:lambda:us-east-1:123456789012:function:other:$LATEST"),
            EventInvokeConfigPatch(hasDestinationConfig: true),
        ] {
            _ = try EventInvokeConfig.replacing(with: patch, rules: rules, now: now)
        }
    }

    @Test("messages use Lambda's wording")
    func wording() {
        func message(_ patch: EventInvokeConfigPatch) -> String {
            do {
                try rules.validate(patch)
                return ""
            } catch { return error.message }
        }
        #expect(
            message(EventInvokeConfigPatch())
                == "You must specify at least one of error handling or destination setting.")
        #expect(
            message(EventInvokeConfigPatch(maximumRetryAttempts: 3)).hasSuffix(
                "at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2"
            ))
        #expect(
            message(EventInvokeConfigPatch(maximumEventAgeInSeconds: 30)).hasSuffix(
                "Member must have value greater than or equal to 60"))
        #expect(
            message(EventInvokeConfigPatch(onFailure: "x")).contains("at 'destinationConfig.onFailure.destination'"))
        #expect(
            message(EventInvokeConfigPatch(onFailure: "arn:aws:lambda:us-east-1:123456789012:function:me"))
                == "You can't specify the function as a destination for itself.")
    }
}

@Suite("Destination targets")
struct DestinationTargetTests {
    @Test("ARNs are told apart by service; functions keep their qualifier")
    func parse() {
        #expect(DestinationTarget.parse("arn:aws:sqs:us-east-1:123456789012:q") == .sink(service: .sqs))
        #expect(DestinationTarget.parse("arn:aws:sns:us-east-1:123456789012:t") == .sink(service: .sns))
        #expect(
            DestinationTarget.parse("arn:aws:events:us-east-1:123456789012:event-bus/b") == .sink(service: .eventBridge)
        )
        #expect(DestinationTarget.parse("arn:aws:s3:::b") == .sink(service: .s3))
        #expect(
            DestinationTarget.parse("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST")
                == .function(FunctionReference(name: "f", qualifier: "$LATEST")))
        #expect(DestinationTarget.parse("arn:aws:dynamodb:us-east-1:123456789012:table/t") == nil)
        #expect(DestinationTarget.parse("arn:aws:lambda:us-east-1:123456789012:layer:l") == nil)
        #expect(DestinationTarget.parse("queue") == nil)
    }

    @Test("the model's patterns for destinations and dead-letter targets")
    func patterns() {
        #expect(DestinationTarget.matchesModelPattern(""))
        #expect(DestinationTarget.matchesModelPattern("arn:aws:sqs:us-east-1:123456789012:q"))
        #expect(DestinationTarget.matchesModelPattern("arn:aws:s3:::bucket"))
        #expect(!DestinationTarget.matchesModelPattern("not-an-arn"))
        #expect(!DestinationTarget.matchesModelPattern("arn:aws:sqs:moon:123:q"))
        #expect(DestinationTarget.matchesDeadLetterPattern("arn:aws:sqs:us-east-1:123456789012:dlq"))
        #expect(DestinationTarget.matchesDeadLetterPattern(""))
        #expect(!DestinationTarget.matchesDeadLetterPattern("dlq"))
    }
}
