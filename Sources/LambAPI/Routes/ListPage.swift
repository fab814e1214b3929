import Foundation
import Hummingbird
import LambCore

/// One page of a List* operation: `MaxItems` (1–10000, at most 50 per page as Lambda answers) and an opaque
/// `Marker` naming the last item of the previous page.
struct ListPage<Item> {
    var items: [Item]
    var nextMarker: String?

    /// Pages `all` (in list order) by `key`, from the request's `Marker` and `MaxItems`.
    init(_ all: [Item], key: (Item) -> String, query: Hummingbird.Request) throws {
        let parameters = query.uri.queryParameters
        var size = Quotas.listPageSize
        if let raw = parameters.get("MaxItems") {
            guard let value = Int(raw), (1...10000).contains(value) else {
                throw LambError.invalidParameter(
                    "1 validation error detected: Value '\(raw)' at 'maxItems' failed to satisfy constraint: Member "
                        + "must have value between 1 and 10000")
            }
            size = min(value, Quotas.listPageSize)
        }
        var start = 0
        if let marker = parameters.get("Marker"), !marker.isEmpty {
            guard let after = ListMarker.decode(marker), let index = all.firstIndex(where: { key($0) == after })
            else { throw LambError.invalidParameter("The marker is not valid.") }
            start = index + 1
        }
        let rest = all[start...]
        items = Array(rest.prefix(size))
        nextMarker = rest.count > size ? items.last.map { ListMarker.encode(key($0)) } : nil
    }
}
