import ArgumentParser
import Foundation

/// `--endpoint`: which Lamb server a client command talks to. The flag wins over `LAMB_ENDPOINT`, which wins over
/// the address `lamb serve` listens on by default.
struct EndpointOptions: ParsableArguments {
    /// The variable that names the server when `--endpoint` is not given.
    static let environmentVariable = "LAMB_ENDPOINT"
    static let defaultEndpoint = "http://127.0.0.1:9001"

    @Option(help: "The Lamb server's URL (default: $LAMB_ENDPOINT, else \(EndpointOptions.defaultEndpoint)).")
    var endpoint: String?

    /// The endpoint as given (flag, variable or default), before parsing.
    var rawEndpoint: String {
        if let endpoint { return endpoint }
        if let value = ProcessInfo.processInfo.environment[Self.environmentVariable], !value.isEmpty { return value }
        return Self.defaultEndpoint
    }

    /// The parsed endpoint; `validate()` has checked that it parses.
    var url: URL { Self.parse(rawEndpoint)! }

    /// A client for the endpoint.
    func client() -> LambClient { LambClient(endpoint: url) }

    func validate() throws {
        guard Self.parse(rawEndpoint) != nil else {
            let source = endpoint == nil ? "$\(Self.environmentVariable)" : "--endpoint"
            throw ValidationError("\(source): expected a URL such as http://127.0.0.1:9001, got '\(rawEndpoint)'")
        }
    }

    /// `host:port` alone is accepted as `http://host:port`: the server speaks plain HTTP by default.
    static func parse(_ text: String) -> URL? {
        let full = text.contains("://") ? text : "http://\(text)"
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { return nil }
        return url
    }
}
