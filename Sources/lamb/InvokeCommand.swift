import ArgumentParser
import Foundation
import LambCore

/// `lamb invoke`: one invocation through the Invoke API. The result goes to stdout and the invocation's log to
/// stderr, so `lamb invoke f | jq` works; the exit code says whether the function failed.
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Invoke a function: the result on stdout, its log on stderr.",
        discussion: """
            Exit codes: 0 the function succeeded; 1 the function failed (X-Amz-Function-Error: an exception, \
            a timeout, a crash); 2 the request failed (an AWS error such as ResourceNotFoundException, or the \
            server could not be reached); 64 invalid arguments.
            """)

    /// Lambda's invocation types, spelled as the `X-Amz-Invocation-Type` header wants them.
    enum InvocationType: String, ExpressibleByArgument, CaseIterable {
        case requestResponse = "RequestResponse"
        case event = "Event"
        case dryRun = "DryRun"
    }

    @Argument(help: "The function's name or ARN (name:qualifier works too), or a template function's logical id.")
    var function: String

    @Option(help: "A version number or alias name (default $LATEST).") var qualifier: String?

    @Option(help: "The event as JSON text, e.g. '{\"name\": \"Lamb\"}'. Without --payload or --event: {}.")
    var payload: String?

    @Option(
        name: [.customShort("e"), .customLong("event")],
        help: ArgumentHelp("Read the event from a JSON file ('-' reads stdin).", valueName: "file"))
    var event: String?

    @Option(
        name: .customLong("invocation-type"),
        help: "RequestResponse (wait for the result), Event (queue it; the request id goes to stderr), or DryRun.")
    var invocationType: InvocationType = .requestResponse

    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        if payload != nil && event != nil {
            throw ValidationError("--payload and --event are exclusive: give the event one way")
        }
        if let event, event != "-", !FileManager.default.fileExists(atPath: event) {
            throw ValidationError("--event: no such file: \(event)")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let client = endpoint.client()
            let body = try eventBody()
            var response = try await invoke(function, client: client, body: body)
            // Not a function name: maybe a template function's logical id (as `sam local invoke HelloFunction`).
            if response.status == 404, let name = try await FunctionNames.logicalId(function, client: client) {
                response = try await invoke(name, client: client, body: body)
            }
            if let error = LambClient.error(in: response) { throw error }
            if let tail = response.header(LambdaAPIWire.Header.logResult), let log = Data(base64Encoded: tail),
                !log.isEmpty
            {
                Console.err(String(decoding: log, as: UTF8.self))
                if log.last != UInt8(ascii: "\n") { Console.err("\n") }
            }
            if invocationType == .event, let requestId = response.header(LambdaAPIWire.Header.requestId) {
                Console.err("queued: RequestId \(requestId)\n")
            }
            // Event (202) and DryRun (204) answer with no payload; printing an empty line would look like a result.
            if invocationType == .requestResponse || !response.body.isEmpty {
                Console.out(response.body)
                Console.out("\n")
            }
            if response.header(LambdaAPIWire.Header.functionError) != nil { throw ExitCode(1) }
        }
    }

    private func invoke(_ name: String, client: LambClient, body: Data?) async throws -> ClientResponse {
        try await client.send(
            "POST", LambClient.functionPath(name, "/invocations"),
            query: LambClient.qualifierQuery(qualifier),
            headers: [
                LambdaAPIWire.Header.invocationType: invocationType.rawValue,
                LambdaAPIWire.Header.logType: "Tail",
            ],
            body: body)
    }

    /// The request body: the `--payload` text, the `--event` file or stdin, or nothing (Lambda then passes `{}`).
    private func eventBody() throws -> Data? {
        if let payload { return Data(payload.utf8) }
        guard let event else { return nil }
        if event == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: event))
        } catch {
            throw ClientError.input("cannot read \(event): \(error.localizedDescription)")
        }
    }
}
