/// `AWS4-HMAC-SHA256 Credential=AKID/20261205/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date,
/// Signature=...`, taken apart.
struct AuthorizationHeader: Equatable {
    struct Credential: Equatable {
        var accessKeyId: String
        var date: String
        var region: String
        var service: String
        var terminator: String
    }

    var credential: Credential
    var signedHeaders: [String]
    var signature: String

    static func parse(_ text: String) -> Result<AuthorizationHeader, AuthFailure> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(SigV4.algorithm + " ") else {
            let algorithm = trimmed.split(separator: " ").first.map(String.init) ?? ""
            return .failure(
                .incomplete("Authorization header requires the '\(SigV4.algorithm)' algorithm; got '\(algorithm)'."))
        }
        var fields: [String: String] = [:]
        for part in trimmed.dropFirst(SigV4.algorithm.count + 1).split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else {
                return .failure(.incomplete("Authorization header requires each component to be 'key=value'."))
            }
            fields[String(pair[0])] = String(pair[1])
        }
        for name in ["Credential", "SignedHeaders", "Signature"] where fields[name] == nil {
            return .failure(
                .incomplete(
                    "Authorization header requires '\(name)' parameter. Authorization=\(trimmed)"))
        }
        let scope = fields["Credential"]!.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, !scope[0].isEmpty else {
            return .failure(
                .incomplete(
                    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                        + " got '\(fields["Credential"]!)'"))
        }
        return .success(
            AuthorizationHeader(
                credential: Credential(
                    accessKeyId: scope[0], date: scope[1], region: scope[2], service: scope[3], terminator: scope[4]),
                signedHeaders: fields["SignedHeaders"]!.split(separator: ";").map { $0.lowercased() },
                signature: fields["Signature"]!))
    }
}

import Foundation
