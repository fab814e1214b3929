import Foundation
import LambCore
import NIOCore

extension ResponseStream.End {
    /// How a streamed body ended, from the trailer fields of its last chunk: an error when
    /// `Lambda-Runtime-Function-Error-Type` is there (with `Lambda-Runtime-Function-Error-Body`, base64 of the error
    /// JSON, as the body; a body that is not base64 is taken as it is).
    init(trailers: [(name: String, value: String)]) {
        func field(_ name: String) -> String? {
            trailers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        guard let type = field(RuntimeAPIWire.Header.functionErrorType), !type.isEmpty else {
            self = .complete
            return
        }
        let encoded = field(RuntimeAPIWire.Header.functionErrorBody) ?? ""
        let body = Data(base64Encoded: encoded).map { ByteBuffer(bytes: $0) } ?? ByteBuffer(string: encoded)
        self = .functionError(type: type, body: body)
    }

    /// The connection closed before the body's end.
    static var truncated: Self {
        let type = "Runtime.TruncatedResponse"
        let json = FunctionErrorPayload.json(type: type, message: "The runtime closed its connection before the end of its streamed response").json
        return .functionError(type: type, body: ByteBuffer(string: json))
    }
}
