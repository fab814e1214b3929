import Foundation

/// How an invocation made for a gateway request ended, as the engine reports it.
public enum GatewayInvocationOutcome: Sendable, Equatable {
    /// The function returned: its result bytes.
    case returned([UInt8])
    /// The function returned an error, crashed, or hit its own timeout.
    case functionError
    /// Lambda refused the invocation (throttled, payload over 6 MB...).
    case rejected
    /// The integration timeout passed first.
    case timedOut
}

/// Turns a function's result into the HTTP response, by the rules of the route's payload format.
///
/// **1.0** (REST, and HTTP API routes with 1.0): the result must be a JSON object with an integer `statusCode`
/// (Lamb also takes `200.0` and `"200"`); `headers` and `multiValueHeaders` are merged, a name present in both
/// taking only its `multiValueHeaders` values; `body` must be a string (or absent / null). For REST, keys other than
/// `statusCode`, `headers`, `multiValueHeaders`, `body` and `isBase64Encoded` make the result malformed, and a
/// base64 body is decoded only when the response's `Content-Type` or the request's `Accept` matches the API's
/// `BinaryMediaTypes` (otherwise the client gets the base64 text, as from API Gateway).
///
/// **2.0** (HTTP APIs, function URLs): an object with `statusCode` is read like 1.0 plus `cookies` (each a
/// `Set-Cookie` header); any other JSON value — an object without `statusCode`, a string, a number — is the
/// documented shortcut: 200, `content-type: application/json`, the result as the body, unchanged.
public enum ProxyResult {
    static let restKeys: Set<String> = ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"]

    /// The response for a returned result, or nil when it is malformed for the format.
    public static func parse(
        _ bytes: [UInt8], format: PayloadFormatVersion, kind: GatewayAPIKind, binaryMediaTypes: [String] = [],
        accept: String? = nil
    ) -> GatewayResponse? {
        guard let json = GatewayJSON.parse(bytes) else { return nil }
        guard case .object(let members) = json, json["statusCode"] != nil else {
            guard format == .v2 else { return nil }
            return GatewayResponse(status: 200, headers: [("content-type", "application/json")], body: bytes)
        }
        if kind == .rest, members.contains(where: { !restKeys.contains($0.0) }) { return nil }
        guard let status = statusCode(json["statusCode"]!) else { return nil }
        var response = GatewayResponse(status: status)
        guard let headers = mergedHeaders(json) else { return nil }
        response.headers = headers
        if format == .v2, let cookies = json["cookies"], cookies != .null {
            guard case .array(let items) = cookies else { return nil }
            for item in items {
                guard let text = scalarText(item) else { return nil }
                response.headers.append(("set-cookie", text))
            }
        }
        let body: String
        switch json["body"] {
        case nil, .null?: body = ""
        case .string(let text)?: body = text
        default: return nil
        }
        var base64 = false
        switch json["isBase64Encoded"] {
        case nil, .null?: break
        case .bool(let flag)?: base64 = flag
        default: return nil
        }
        // Asked only of a base64 body.
        var decodes: Bool {
            kind != .rest
                || BodyEncoding.matchesBinaryMediaType(response.header("content-type"), binaryMediaTypes)
                || (accept ?? "").split(separator: ",").contains {
                    BodyEncoding.matchesBinaryMediaType(String($0), binaryMediaTypes)
                }
        }
        if base64 && decodes {
            guard let data = Data(base64Encoded: body, options: .ignoreUnknownCharacters) else { return nil }
            response.body = Array(data)
        } else {
            response.body = Array(body.utf8)
        }
        return response
    }

    /// The final answer for an invocation's outcome: the function's response, or the kind's error answer; with the
    /// default headers (``GatewayResponseHeaders``) either way.
    public static func respond(
        to outcome: GatewayInvocationOutcome, route: GatewayRoute, requestId: String, binaryMediaTypes: [String] = [],
        accept: String? = nil
    ) -> GatewayResponse {
        let failure: GatewayFailure
        switch outcome {
        case .returned(let bytes):
            if var response = parse(
                bytes, format: route.payloadFormat, kind: route.apiKind, binaryMediaTypes: binaryMediaTypes,
                accept: accept)
            {
                GatewayResponseHeaders.addDefaults(to: &response, kind: route.apiKind, requestId: requestId)
                return response
            }
            failure = .malformedResult
        case .functionError: failure = .functionError
        case .rejected: failure = .invocationRejected
        case .timedOut: failure = .integrationTimeout
        }
        return GatewayErrorAnswer.response(failure, kind: route.apiKind, requestId: requestId)
    }

    /// An integer status (100...599); `200.0` and `"200"` count as 200.
    static func statusCode(_ value: GatewayJSON) -> Int? {
        let text: String
        switch value {
        case .number(let number): text = number
        case .string(let string): text = string
        default: return nil
        }
        if let number = Int(text) { return (100...599).contains(number) ? number : nil }
        guard let number = Double(text), number.rounded() == number, (100...599).contains(number) else { return nil }
        return Int(number)
    }

    /// `headers` then `multiValueHeaders`, in order; a name in both keeps only its `multiValueHeaders` values.
    private static func mergedHeaders(_ json: GatewayJSON) -> [(String, String)]? {
        var single: [(String, String)] = []
        var multi: [(String, String)] = []
        if let headers = json["headers"], headers != .null {
            guard case .object(let members) = headers else { return nil }
            for (name, value) in members {
                guard let text = scalarText(value) else { return nil }
                single.append((name, text))
            }
        }
        if let headers = json["multiValueHeaders"], headers != .null {
            guard case .object(let members) = headers else { return nil }
            for (name, value) in members {
                guard case .array(let items) = value else { return nil }
                for item in items {
                    guard let text = scalarText(item) else { return nil }
                    multi.append((name, text))
                }
            }
        }
        let multiNames = Set(multi.map { $0.0.lowercased() })
        return single.filter { !multiNames.contains($0.0.lowercased()) } + multi
    }

    /// Header values may be written as numbers or booleans; API Gateway sends their text.
    static func scalarText(_ value: GatewayJSON) -> String? {
        switch value {
        case .string(let text), .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}
