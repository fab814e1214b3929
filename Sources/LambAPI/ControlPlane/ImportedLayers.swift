import Foundation
import LambCore
import Synchronization

/// The layer versions of other accounts and regions that Lamb has imported, by ARN, with their zips in the blob
/// store. Kept in a JSON file beside the unpacked layers (written whole, then renamed), so that an import is done
/// once and functions that use one still start after a restart without the directory or endpoint it came from.
final class ImportedLayers: Sendable {
    private let index: URL
    private let versions = Mutex([String: LayerVersion]())

    init(index: URL) {
        self.index = index
    }

    func load() throws {
        guard let data = FileManager.default.contents(atPath: index.path) else { return }
        let stored = try JSONDecoder().decode([String: LayerVersion].self, from: data)
        versions.withLock { $0 = stored }
    }

    func version(_ arn: String) -> LayerVersion? {
        versions.withLock { $0[arn] }
    }

    func blobNames() -> Set<String> {
        versions.withLock { Set($0.values.map(\.code.blobName)) }
    }

    func add(_ layer: LayerVersion, arn: String) throws {
        let all = versions.withLock { versions -> [String: LayerVersion] in
            versions[arn] = layer
            return versions
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try FileManager.default.createDirectory(at: index.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(all).write(to: index, options: .atomic)
    }
}
