import ArgumentParser
import Foundation
import LambCore

/// `lamb events`: the asynchronous invocation queue, from `/_lamb/v1/events`.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List asynchronous (Event) invocations: queued, in flight, retrying and failed.",
        discussion: """
            Succeeded events leave the queue and are not listed; the most recent 1000 failed ones are kept. \
            Exit codes: 0 success; 2 the server could not be reached or answered with an error, or FUNCTION has no \
            events and does not exist; 64 invalid arguments.
            """)

    @Argument(help: "Only this function's events.") var function: String?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            struct Answer: Decodable { var events: [AsyncEventSummary] }
            let client = endpoint.client()
            let response = try await client.checked(
                "GET", "/_lamb/v1/events", query: function.map { [("function", $0)] } ?? [])
            let answer = try client.decode(Answer.self, from: response)
            if answer.events.isEmpty, let function {
                // No events is also what a misspelt name gives; say so rather than print an empty table.
                _ = try await client.checked("GET", LambClient.functionPath(function, "/configuration"))
            }
            Console.out(output.isJSON ? Console.prettyJSON(response.body) + "\n" : Self.table(answer.events))
        }
    }

    static func table(_ events: [AsyncEventSummary]) -> String {
        var table = TextTable(header: ["REQUEST ID", "FUNCTION", "STATE", "ATTEMPTS", "AGE", "NEXT TRY", "LAST ERROR"])
        for event in events {
            var error = event.lastError ?? "-"
            if let reason = event.failureReason { error = event.lastError.map { "\(reason): \($0)" } ?? reason }
            table.rows.append([
                event.requestId,
                event.function,
                event.state,
                String(event.attempts),
                Console.duration(event.ageSeconds),
                event.nextAttemptInSeconds.map { $0 < 1 ? "now" : "in " + Console.duration($0) } ?? "-",
                error,
            ])
        }
        return table.render()
    }
}
