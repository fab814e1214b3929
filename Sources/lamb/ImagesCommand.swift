import ArgumentParser
import Foundation
import LambImages

/// `lamb images`: the server's image cache, from `/_lamb/v1/images`; `lamb images prune` removes unused images.
struct ImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "List the container images Lamb has unpacked: reference, digest, size, functions using them.",
        discussion: "Exit codes: 0 success; 2 the server could not be reached or answered with an error.",
        subcommands: [List.self, Prune.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the cached images.")

        @OptionGroup var output: OutputOptions<TableByDefault>
        @OptionGroup var endpoint: EndpointOptions

        func run() async throws {
            try await reportingFailures {
                struct Answer: Decodable { var images: [ImageSummary] }
                guard let answer = try await ImagesCommand.ask(Answer.self, "GET", "/_lamb/v1/images", output, endpoint)
                else { return }
                Console.out(ImagesCommand.table(answer.images))
            }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune", abstract: "Remove the cached images no function version uses.")

        @OptionGroup var output: OutputOptions<TableByDefault>
        @OptionGroup var endpoint: EndpointOptions

        func run() async throws {
            try await reportingFailures {
                struct Answer: Decodable { var removed: [ImageSummary] }
                guard
                    let removed = try await ImagesCommand.ask(
                        Answer.self, "POST", "/_lamb/v1/images/prune", output, endpoint)?.removed
                else { return }
                let freed = removed.reduce(0) { $0 + $1.size }
                Console.out(
                    "removed \(removed.count) image\(removed.count == 1 ? "" : "s") (\(ImagesCommand.bytes(freed)))\n")
            }
        }
    }

    /// The server's answer, decoded; `nil` after printing it as it is for `--output json`.
    static func ask<Answer: Decodable>(
        _ type: Answer.Type, _ method: String, _ path: String, _ output: OutputOptions<TableByDefault>,
        _ endpoint: EndpointOptions
    ) async throws -> Answer? {
        let client = endpoint.client()
        let response = try await client.checked(method, path)
        if output.isJSON {
            Console.out(Console.prettyJSON(response.body) + "\n")
            return nil
        }
        return try client.decode(type, from: response)
    }

    static func table(_ images: [ImageSummary]) -> String {
        var table = TextTable(header: ["REFERENCE", "DIGEST", "SIZE", "UNPACKED", "FUNCTIONS"])
        for image in images {
            table.rows.append([
                image.references.last ?? "-",
                String(image.configDigest.prefix(19)),
                bytes(image.size),
                image.unpackedAt,
                image.functions.isEmpty ? "-" : image.functions.joined(separator: ","),
            ])
        }
        return table.render()
    }

    static func bytes(_ count: Int) -> String {
        count >= 1 << 20
            ? String(format: "%.1f MB", Double(count) / 1_048_576) : String(format: "%.1f KB", Double(count) / 1024)
    }
}
