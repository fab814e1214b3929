/// SAM's rules for merging a `Globals` section into a resource's properties:
/// - maps are merged key by key (recursively), the resource's own value winning;
/// - lists are concatenated, the globals' items first (`Layers`, `Architectures`...);
/// - anything else (text, numbers, and intrinsic functions, which resolve to one value) is replaced by the
///   resource's own;
/// - when the two have different shapes, the resource's own wins.
enum GlobalsMerger {
    static func merge(globals: [TemplateEntry], into properties: [TemplateEntry]) -> [TemplateEntry] {
        guard case .map(let merged) = merge(global: .map(globals), local: .map(properties)) else { return properties }
        return merged
    }

    static func merge(global: TemplateValue, local: TemplateValue) -> TemplateValue {
        switch (global, local) {
        case (.list(let globalItems), .list(let localItems)):
            return .list(globalItems + localItems)
        case (.map(let globalEntries), .map(let localEntries)) where !isIntrinsic(global) && !isIntrinsic(local):
            var result: [TemplateEntry] = []
            for entry in globalEntries {
                if let own = localEntries.first(where: { $0.key == entry.key }) {
                    result.append(
                        TemplateEntry(
                            key: entry.key, value: merge(global: entry.value, local: own.value), line: own.line))
                } else {
                    result.append(entry)
                }
            }
            let globalKeys = Set(globalEntries.map(\.key))
            result += localEntries.filter { !globalKeys.contains($0.key) }
            return .map(result)
        default:
            return local
        }
    }

    private static func isIntrinsic(_ value: TemplateValue) -> Bool {
        guard case .map(let entries) = value, entries.count == 1, let key = entries.first?.key else { return false }
        return IntrinsicResolver.isIntrinsic(key)
    }
}
