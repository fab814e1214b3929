import ArgumentParser
import Foundation
import LambCore

/// `lamb schedules`: every schedule (the templates' and the API's) with its next three firings, from
/// `/_lamb/v1/schedules`.
struct SchedulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules",
        abstract: "List schedules with their next three firings (UTC and local time) and last firing.",
        discussion: "Exit codes: 0 success; 2 the server could not be reached or answered with an error.")

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    struct Output: Decodable { var schedules: [ScheduleSummary] }

    func run() async throws {
        try await reportingFailures {
            let client = endpoint.client()
            let response = try await client.checked("GET", "/_lamb/v1/schedules")
            if output.isJSON {
                Console.out(Console.prettyJSON(response.body) + "\n")
                return
            }
            Console.out(Self.table(try client.decode(Output.self, from: response).schedules, zone: .current))
        }
    }

    static func table(_ schedules: [ScheduleSummary], zone: TimeZone) -> String {
        var table = TextTable(
            header: ["NAME", "FUNCTION", "TYPE", "EXPRESSION", "STATE", "NEXT (UTC)", "NEXT (LOCAL)", "LAST FIRING"])
        for summary in schedules {
            let schedule = summary.schedule
            let expression = schedule.expression + (schedule.timeZone.map { " \($0)" } ?? "")
            table.rows.append([
                schedule.name, schedule.function, schedule.kind.rawValue, expression,
                schedule.enabled ? "ENABLED" : "DISABLED",
                summary.nextFirings.isEmpty ? "-" : summary.nextFirings.joined(separator: ", "),
                summary.nextFirings.isEmpty ? "-" : summary.nextFirings.map { local($0, zone) }.joined(separator: ", "),
                summary.lastFiring ?? "-",
            ])
        }
        return table.render()
    }

    /// `2026-05-01T09:30:00Z` in `zone`, as `2026-05-01 11:30 CEST`.
    static func local(_ utc: String, _ zone: TimeZone) -> String {
        guard let date = ISO8601DateFormatter().date(from: utc) else { return utc }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        return formatter.string(from: date)
    }
}

/// `lamb schedule create|delete|enable|disable|fire`: schedules for functions made through the API, kept by the
/// server in SQLite. A template's schedules are changed in the template.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Create, delete, enable, disable or fire a schedule.",
        subcommands: [Create.self, Delete.self, Enable.self, Disable.self, Fire.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a schedule that invokes a function asynchronously.",
            discussion: """
                EXPR is rate(5 minutes), cron(0 9 ? * MON-FRI *) or (with --timezone or --type ScheduleV2) \
                at(2026-05-01T09:30:00). A schedule is an EventBridge rule (payload: Scheduled Event) unless it needs \
                Scheduler (a time zone, at()) or --type ScheduleV2 says so.
                """)
        @Argument(help: "The schedule's name.") var name: String
        @Option(help: "The function to invoke.") var function: String
        @Option(help: "rate(...), cron(...) or at(...).") var expression: String
        @Option(help: "IANA time zone (ScheduleV2), e.g. Europe/Paris.") var timezone: String?
        @Option(help: "JSON sent instead of the default payload.") var input: String?
        @Option(help: "Schedule (an EventBridge rule) or ScheduleV2 (EventBridge Scheduler).") var type: String?
        @Flag(help: "Create it disabled.") var disabled = false
        @OptionGroup var output: OutputOptions<TableByDefault>
        @OptionGroup var endpoint: EndpointOptions

        func run() async throws {
            try await reportingFailures {
                let request = ScheduleCreateRequest(
                    name: name, function: function, expression: expression, type: type, timeZone: timezone,
                    input: input, enabled: !disabled)
                let client = endpoint.client()
                let response = try await client.checked("POST", "/_lamb/v1/schedules", json: request)
                if output.isJSON { return Console.out(Console.prettyJSON(response.body) + "\n") }
                let summary = try client.decode(ScheduleSummary.self, from: response)
                Console.out(SchedulesCommand.table([summary], zone: .current))
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a schedule made with `lamb schedule create`.")
        @Argument(help: "The schedule's name.") var name: String
        @OptionGroup var output: OutputOptions<TableByDefault>
        @OptionGroup var endpoint: EndpointOptions

        func run() async throws {
            try await ScheduleCommand.send("DELETE", "", schedule: name, endpoint: endpoint)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a schedule made with `lamb schedule create`.")
        @Argument(help: "The schedule's name.") var name: String
        @OptionGroup var output: OutputOptions<TableByDefault>
        @OptionGroup var endpoint: EndpointOptions

        func run() async throws {
            try await ScheduleCommand.send("POST", "/enable", schedule: name, endpoint: endpoint)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a schedule made with `lamb schedule create`.")
        @Argument(help: "The schedule's name.") var name: String
        @OptionGroup var output: OutputOptions<TableByDefault>
        @OptionGroup var endpoint: EndpointOptions

        func run() async throws {
            try await ScheduleCommand.send("POST", "/disable", schedule: name, endpoint: endpoint)
        }
    }

    struct Fire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fire a schedule now (any schedule, a template's too): a testing aid.",
            discussion: "Queues the asynchronous invocation a due firing would; prints its request id.")
        @Argument(help: "The schedule's name.") var name: String
        @OptionGroup var output: OutputOptions<TableByDefault>
        @OptionGroup var endpoint: EndpointOptions

        func run() async throws {
            try await reportingFailures {
                struct Output: Decodable { var requestId: String }
                let client = endpoint.client()
                let response = try await client.checked("POST", "/_lamb/v1/schedules/\(pathComponent(name))/fire")
                if output.isJSON { return Console.out(Console.prettyJSON(response.body) + "\n") }
                Console.out(try client.decode(Output.self, from: response).requestId + "\n")
            }
        }
    }
}

/// A schedule name in a URL path. Names are letters, digits, `.`, `_` and `-`, which stay as they are: the server
/// reads the name without percent-decoding it, so `my-rule` sent as `my%2Drule` was not found.
private func pathComponent(_ name: String) -> String { LambClient.escape(name) }

extension ScheduleCommand {
    /// One request about the schedule `name` (`suffix` after its path), failing the command as the others do.
    static func send(_ method: String, _ suffix: String, schedule name: String, endpoint: EndpointOptions) async throws {
        try await reportingFailures {
            _ = try await endpoint.client().checked(method, "/_lamb/v1/schedules/\(pathComponent(name))\(suffix)")
        }
    }
}
