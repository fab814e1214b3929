import Foundation
import LambCore
import LambStore
import Logging

/// Start-up: removes from the data directory what no stored function or layer uses, whatever left it (a crash in the
/// middle of a change, an older Lamb that did not clean up after a rejected upload, a function deleted while its
/// code was unpacking):
/// - code blobs (`code/<sha>.zip`) that no function version and no layer version references, and the temporary files
///   of interrupted writes;
/// - `functions/<name>/` of functions that do not exist, and unpacking leftovers (`.unpack-*`);
/// - `layers/unpacked/<sha>` of blobs no layer version uses.
///
/// Runs once, after the registries are loaded and before the API serves, so nothing it looks at changes meanwhile.
/// It only looks inside this instance's data directory.
public struct DataDirectorySweep: Sendable {
    public struct Removed: Sendable, Equatable {
        public var blobs = 0
        public var functionDirectories = 0
        public var layerDirectories = 0
        public var total: Int { blobs + functionDirectories + layerDirectories }
    }

    let registry: FunctionRegistry

    public init(registry: FunctionRegistry) {
        self.registry = registry
    }

    /// Sweeps and logs what it removed.
    @discardableResult
    public func run(logger: Logger) -> Removed {
        let removed = sweep()
        if removed.total > 0 {
            logger.notice(
                "removed leftovers from the data directory",
                metadata: [
                    "blobs": "\(removed.blobs)", "function-directories": "\(removed.functionDirectories)",
                    "layer-directories": "\(removed.layerDirectories)",
                ])
        }
        return removed
    }

    public func sweep() -> Removed {
        var removed = Removed()
        let fm = FileManager.default
        let referenced = registry.referencedBlobNames()
        let blobs = registry.blobs
        let stored = blobs.contents()
        for name in stored.blobNames where !referenced.contains(name) {
            if (try? fm.removeItem(at: blobs.directory.appendingPathComponent("\(name).zip"))) != nil {
                removed.blobs += 1
            }
        }
        for temporary in stored.temporaries { try? fm.removeItem(at: temporary) }

        let functions = Set(registry.allFunctions().map(\.name))
        let root = registry.code.root
        for entry in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] where !functions.contains(entry) {
            if (try? fm.removeItem(at: root.appendingPathComponent(entry))) != nil { removed.functionDirectories += 1 }
        }

        let layerBlobs = registry.layers.referencedBlobNames()
        let unpacked = registry.layers.directories.root.appendingPathComponent("unpacked")
        for entry in (try? fm.contentsOfDirectory(atPath: unpacked.path)) ?? [] where !layerBlobs.contains(entry) {
            if (try? fm.removeItem(at: unpacked.appendingPathComponent(entry))) != nil { removed.layerDirectories += 1 }
        }
        return removed
    }
}
