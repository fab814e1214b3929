import Foundation
import LambCore
import Testing

@Suite("Scheduled event payloads and schedules made through the API")
struct ScheduledEventPayloadTests {
    let account = AccountContext(region: "eu-west-1", accountId: "123456789012")
    let time = Date(timeIntervalSince1970: 1_777_604_400)  // 2026-05-01T03:00:00Z

    func schedule(_ kind: ScheduleDefinition.Kind, input: String? = nil) -> ScheduleDefinition {
        ScheduleDefinition(
            name: "nightly", function: "orders", kind: kind, origin: .template, expression: "cron(0 3 * * ? *)",
            input: input)
    }

    @Test("an EventBridge rule sends the Scheduled Event, keys in EventBridge's order")
    func scheduledEvent() {
        let data = ScheduledEventPayload.make(schedule(.rule), time: time, id: "e-1", account: account)
        #expect(
            String(decoding: data, as: UTF8.self)
                == #"{"version":"0","id":"e-1","detail-type":"Scheduled Event","source":"aws.events","#
                + #""account":"123456789012","time":"2026-05-01T03:00:00Z","region":"eu-west-1","#
                + #""resources":["arn:aws:events:eu-west-1:123456789012:rule/nightly"],"detail":{}}"#)
    }

    @Test("Input replaces the payload; Scheduler's context attributes are filled in; {} without Input")
    func inputs() {
        let rule = ScheduledEventPayload.make(
            schedule(.rule, input: #"{"a":1}"#), time: time, id: "e", account: account)
        #expect(String(decoding: rule, as: UTF8.self) == #"{"a":1}"#)
        let v2 = ScheduledEventPayload.make(
            schedule(
                .scheduler,
                input: #"{"arn":"<aws.scheduler.schedule-arn>","t":"<aws.scheduler.scheduled-time>","#
                    + #""id":"<aws.scheduler.execution-id>","n":<aws.scheduler.attempt-number>}"#),
            time: time, id: "x-1", account: account)
        #expect(
            String(decoding: v2, as: UTF8.self)
                == #"{"arn":"arn:aws:scheduler:eu-west-1:123456789012:schedule/default/nightly","#
                + #""t":"2026-05-01T03:00:00Z","id":"x-1","n":1}"#)
        #expect(
            ScheduledEventPayload.make(schedule(.scheduler), time: time, id: "e", account: account) == Data("{}".utf8))
    }

    @Test(
        "a create request picks the kind and checks the name, the expression, the zone and the input",
        arguments: [
            (ScheduleCreateRequest(name: "a", function: "f", expression: "rate(5 minutes)"), "Schedule"),
            (
                ScheduleCreateRequest(name: "a", function: "f", expression: "rate(5 minutes)", timeZone: "Asia/Tokyo"),
                "ScheduleV2"
            ),
            (ScheduleCreateRequest(name: "a", function: "f", expression: "at(2030-01-01T00:00:00)"), "ScheduleV2"),
            (
                ScheduleCreateRequest(name: "a", function: "f", expression: "rate(5 minutes)", type: "ScheduleV2"),
                "ScheduleV2"
            ),
        ])
    func kinds(request: ScheduleCreateRequest, kind: String) throws {
        let definition = try request.definition()
        #expect(definition.kind.rawValue == kind && definition.origin == .api && definition.enabled)
    }

    @Test(
        "refused create requests",
        arguments: [
            (
                ScheduleCreateRequest(name: "a b", function: "f", expression: "rate(5 minutes)"),
                "a schedule name is 1 to 64 of letters, digits, '.', '_' and '-'"
            ),
            (
                ScheduleCreateRequest(name: "a", function: "f", expression: "rate(5 minutes)", type: "Cron"),
                "type must be Schedule or ScheduleV2, not Cron"
            ),
            (
                ScheduleCreateRequest(
                    name: "a", function: "f", expression: "rate(5 minutes)", type: "Schedule", timeZone: "UTC"),
                "EventBridge rules run in UTC; time zones belong to ScheduleV2"
            ),
            (
                ScheduleCreateRequest(name: "a", function: "f", expression: "rate(5 minutes)", input: "{"),
                "Input must be valid JSON"
            ),
        ])
    func refused(request: ScheduleCreateRequest, reason: String) {
        #expect(throws: ScheduleExpressionError(reason)) { try request.definition() }
    }
}
