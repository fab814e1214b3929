import Foundation
import LambGateway

extension IdentitySource {
    /// The value this source has in a request, or nil when it is absent or empty (API Gateway treats both as
    /// missing). A header sent twice gives its values comma-joined, as API Gateway passes them.
    func value(in input: AuthorizationRequest) -> String? {
        let found: String?
        switch self {
        case .header(let name):
            let values = input.request.headerValues(name)
            found = values.isEmpty ? nil : values.joined(separator: ",")
        case .queryString(let name):
            let values = Self.queryValues(input.request.rawQueryString, name: name)
            found = values.isEmpty ? nil : values.joined(separator: ",")
        case .stageVariable(let name):
            found = input.settings.stageVariables.first { $0.0 == name }?.1
        case .context(let name):
            found = Self.contextValue(name, input: input)
        }
        guard let found, !found.isEmpty else { return nil }
        return found
    }

    private static func queryValues(_ rawQuery: String, name: String) -> [String] {
        rawQuery.split(separator: "&").compactMap { piece in
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard decode(parts[0]) == name else { return nil }
            return parts.count > 1 ? decode(parts[1]) : ""
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The context variables an identity source may name that Lamb knows; others count as missing.
    private static func contextValue(_ name: String, input: AuthorizationRequest) -> String? {
        let route = input.match.route
        switch name {
        case "requestId": return input.request.requestId
        case "routeKey": return route.routeKey
        case "stage": return route.stage
        case "httpMethod": return input.request.method.uppercased()
        case "path": return input.request.rawPath
        case "resourcePath": return route.path
        case "identity.sourceIp": return input.request.sourceIp
        case "identity.userAgent": return input.request.header("user-agent")
        case "domainName": return input.request.domainName
        case "domainPrefix": return input.request.domainPrefix
        case "apiId": return route.apiId
        case "accountId": return input.request.accountId
        default: return nil
        }
    }
}
