import Foundation
import Hummingbird
import LambCore

/// One page of a list kept per qualifier (ListFunctionEventInvokeConfigs, ListFunctionUrlConfigs): `MaxItems` 1–50
/// as these operations' models allow, and a `Marker` that is the last qualifier of the previous page, base64 so
/// that it stays opaque. `all` is in qualifier order; a marker whose qualifier has gone resumes after it.
struct QualifierPage<Item> {
    var items: [Item]
    var nextMarker: String?

    init(_ all: [Item], qualifier: (Item) -> String, request: Request) throws {
        let query = request.uri.queryParameters
        let maxItems = try query.get("MaxItems").map { text -> Int in
            guard let value = Int(text), (1...50).contains(value) else {
                throw LambError.invalidParameter(
                    "1 validation error detected: Value '\(text)' at 'maxItems' failed to satisfy constraint: Member "
                        + "must have value between 1 and 50")
            }
            return value
        }
        var start = 0
        if let marker = query.get("Marker"), !marker.isEmpty {
            guard let data = Data(base64Encoded: String(marker)) else {
                throw LambError.invalidParameter("Invalid marker: \(marker)")
            }
            let after = String(decoding: data, as: UTF8.self)
            start = all.firstIndex { qualifier($0) > after } ?? all.count
        }
        items = Array(all[start...].prefix(maxItems ?? 50))
        let more = start + items.count < all.count
        nextMarker = more ? items.last.map { Data(qualifier($0).utf8).base64EncodedString() } : nil
    }
}
