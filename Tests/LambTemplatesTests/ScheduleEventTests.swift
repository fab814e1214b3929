import Foundation
import LambCore
import Testing

@testable import LambTemplates

@Suite("Schedule and ScheduleV2 events")
struct ScheduleEventTests {
    func load(_ events: String) throws -> LoadedStack {
        try TemporaryProject().load(samTemplate(ApiResourceTests.function.replacingOccurrences(of: "%@", with: events)))
    }

    func error(_ events: String) throws -> TemplateError? {
        try TemporaryProject().error(
            "Transform: AWS::Serverless-2016-10-31\nResources:\n"
                + ApiResourceTests.function.replacingOccurrences(of: "%@", with: events))
    }

    @Test("SAM's properties become schedules: names, state, input, time zone, dates, flexible window")
    func definitions() throws {
        let stack = try load(
            """
                    Tick: {Type: Schedule, Properties: {Schedule: rate(5 minutes), Input: '{"a": 1}', Description: d}}
                    Off: {Type: Schedule, Properties: {Schedule: rate(1 hour), Enabled: false, Name: off-rule}}
                    V2:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: cron(0 9 ? * MON-FRI *)
                        ScheduleExpressionTimezone: Europe/Paris
                        StartDate: "2026-01-01T00:00:00Z"
                        EndDate: "2027-01-01T00:00:00.000Z"
                        State: DISABLED
                        FlexibleTimeWindow: {Mode: FLEXIBLE, MaximumWindowInMinutes: 15}
                        RoleArn: arn:aws:iam::1:role/r
            """)
        #expect(stack.schedules.count == 3)
        #expect(
            stack.schedules[0]
                == ScheduleDefinition(
                    name: "FnTick", function: "Fn", kind: .rule, origin: .template, expression: "rate(5 minutes)",
                    input: "{\"a\": 1}", enabled: true, description: "d"))
        #expect(stack.schedules[1].name == "off-rule" && !stack.schedules[1].enabled)
        let v2 = stack.schedules[2]
        #expect(v2.kind == .scheduler && v2.timeZone == "Europe/Paris" && !v2.enabled)
        #expect(v2.startDate == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(v2.endDate == Date(timeIntervalSince1970: 1_798_761_600))
        #expect(v2.flexibleWindowMinutes == 15)
        #expect(stack.findings.map(\.path) == ["Properties.Events.V2.Properties.RoleArn"])
    }

    @Test(
        "EventBridge's and SAM's refusals are errors on the property",
        arguments: [
            (
                "T: {Type: Schedule, Properties: {Schedule: rate(1 minutes)}}",
                "Properties.Events.T.Properties.Schedule",
                "Parameter ScheduleExpression is not valid. (a rate of 1 takes the singular unit: rate(1 minute))"
            ),
            (
                "T: {Type: Schedule, Properties: {Schedule: 'at(2026-01-01T00:00:00)'}}",
                "Properties.Events.T.Properties.Schedule",
                "Parameter ScheduleExpression is not valid. (expected rate(...), cron(...))"
            ),
            (
                "T: {Type: Schedule, Properties: {}}", "Properties.Events.T.Properties.Schedule",
                "is required"
            ),
            (
                "T: {Type: Schedule, Properties: {Schedule: rate(1 day), Enabled: true, State: ENABLED}}",
                "Properties.Events.T.Properties.State", "Enabled and State cannot both be set"
            ),
            (
                "T: {Type: ScheduleV2, Properties: {ScheduleExpression: rate(1 day), ScheduleExpressionTimezone: Nowhere/Land}}",
                "Properties.Events.T.Properties.ScheduleExpression",
                "Parameter ScheduleExpression is not valid. (Invalid time zone: Nowhere/Land)"
            ),
            (
                "T: {Type: ScheduleV2, Properties: {ScheduleExpression: rate(1 day), FlexibleTimeWindow: {Mode: SOMETIMES}}}",
                "Properties.Events.T.Properties.FlexibleTimeWindow.Mode", "must be OFF or FLEXIBLE, not SOMETIMES"
            ),
            (
                "T: {Type: ScheduleV2, Properties: {ScheduleExpression: rate(1 day), StartDate: tomorrow}}",
                "Properties.Events.T.Properties.StartDate", "must be an ISO 8601 date and time, as 2026-05-01T00:00:00Z"
            ),
            (
                "T: {Type: ScheduleV2, Properties: {ScheduleExpression: rate(1 day), Input: 'not json'}}",
                "Properties.Events.T.Properties.ScheduleExpression",
                "Parameter ScheduleExpression is not valid. (Input must be valid JSON)"
            ),
        ])
    func refused(events: String, property: String, message: String) throws {
        let error = try self.error("        " + events)
        #expect(error?.property == property)
        #expect(error?.message == message)
    }
}
