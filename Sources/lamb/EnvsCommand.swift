import ArgumentParser
import Foundation
import LambCore

/// `lamb envs`: the execution environments the server is running, from `/_lamb/v1/environments`.
struct EnvsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envs",
        abstract: "List execution environments: state, age, invocations, idle time, memory.",
        discussion: "Exit codes: 0 success; 2 the server could not be reached or answered with an error.")

    @Argument(help: "Only this function's environments.") var function: String?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            struct Sandbox: Decodable {
                var driver: String
                var off: [String: String]
            }
            struct Answer: Decodable {
                var environments: [EnvironmentSummary]
                /// Absent from servers older than the rootless driver.
                var sandbox: Sandbox?
            }
            let client = endpoint.client()
            let response = try await client.checked(
                "GET", "/_lamb/v1/environments", query: function.map { [("function", $0)] } ?? [])
            if output.isJSON {
                Console.out(Console.prettyJSON(response.body) + "\n")
                return
            }
            let answer = try client.decode(Answer.self, from: response)
            Console.out(Self.table(answer.environments))
            // A limit that is off changes what the table means (no memory cap, no freezing): said under it.
            if let sandbox = answer.sandbox {
                for (name, reason) in sandbox.off.sorted(by: { $0.key < $1.key }) {
                    Console.out("note: \(name) is off in this sandbox (\(sandbox.driver)): \(reason)\n")
                }
            }
        }
    }

    static func table(_ environments: [EnvironmentSummary]) -> String {
        var table = TextTable(
            header: ["ID", "FUNCTION", "VERSION", "STATE", "INIT TYPE", "AGE", "INVOCATIONS", "IDLE", "MAX MEMORY", "PID"])
        for environment in environments {
            table.rows.append([
                environment.id,
                environment.function,
                environment.version,
                environment.state,
                environment.initializationType,
                Console.duration(environment.ageSeconds),
                String(environment.invocations),
                // The server reports 0 for environments that are not idle; "-" tells that apart from "just now".
                environment.state == "idle" ? Console.duration(environment.idleSeconds) : "-",
                environment.maxMemoryUsedMB.map { "\($0) MB" } ?? "not measured",
                String(environment.pid),
            ])
        }
        return table.render()
    }
}
