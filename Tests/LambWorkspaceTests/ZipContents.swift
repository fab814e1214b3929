import Foundation
import ZIPFoundation

/// A zip read back with ZIPFoundation (a dependency of LambWorkspace, imported here only): each entry's kind, permission bits and bytes (a link's bytes are its target).
struct ZipContents {
    enum Kind: Equatable {
        case file, directory, symlink
    }

    struct Item: Equatable {
        var kind: Kind
        var permissions: Int
        var data: Data

        var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// Entry paths in archive order, without a directory's trailing `/`.
    var order: [String] = []
    var items: [String: Item] = [:]

    init(_ zip: Data) throws {
        let archive = try Archive(data: zip, accessMode: .read)
        for entry in archive {
            var data = Data()
            if entry.type != .directory {
                _ = try archive.extract(entry) { data.append($0) }
            }
            let path = entry.path.hasSuffix("/") ? String(entry.path.dropLast()) : entry.path
            let permissions = (entry.fileAttributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            order.append(path)
            let kind: Kind =
                switch entry.type {
                case .file: .file
                case .directory: .directory
                case .symlink: .symlink
                }
            items[path] = Item(kind: kind, permissions: permissions & 0o7777, data: data)
        }
    }

    subscript(_ path: String) -> Item? { items[path] }
}
