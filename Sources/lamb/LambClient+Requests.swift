import Foundation

extension LambClient {
    /// Sends a JSON object built field by field. Fields left nil are left out, so the server's defaults apply, as
    /// the AWS CLI leaves out the options it was not given.
    func checked(
        _ method: String, _ path: String, query: [(String, String)] = [], object: [String: Any?]
    ) async throws -> ClientResponse {
        let present = object.compactMapValues { $0 }
        let body = try JSONSerialization.data(withJSONObject: present, options: [.sortedKeys, .withoutEscapingSlashes])
        return try await checked(method, path, query: query, body: body)
    }

    /// Every item of a List* operation: follows `NextMarker` page after page until the last, as the AWS CLI's
    /// paginators do. `key` names the list in each page (`Functions`, `Aliases`, ...).
    func allPages(_ path: String, query: [(String, String)] = [], key: String) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var marker: String?
        repeat {
            let response = try await checked("GET", path, query: query + (marker.map { [("Marker", $0)] } ?? []))
            guard let page = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
                let pageItems = page[key] as? [[String: Any]]
            else { throw ClientError.unexpectedResponse("the answer has no \(key) list") }
            items += pageItems
            let next = (page["NextMarker"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            // A marker that does not move would loop forever; a server bug should not hang the CLI.
            if let next, next == marker { throw ClientError.unexpectedResponse("NextMarker repeats: \(next)") }
            marker = next
        } while marker != nil
        return items
    }

    /// `?Qualifier=` when a qualifier is given.
    static func qualifierQuery(_ qualifier: String?) -> [(String, String)] {
        qualifier.map { [("Qualifier", $0)] } ?? []
    }
}
