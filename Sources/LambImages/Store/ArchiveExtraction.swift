/// Unpacks an image archive (`oci-archive:`, `docker-archive:`; plain or gzip-compressed tar) into a scratch
/// directory, with the same protections as layers (no entry outside the directory).
enum ArchiveExtraction {
    static func extract(_ path: String, into directory: String) throws -> String {
        let file = try FileByteSource(path: path)
        let unpacker = try LayerUnpacker(root: directory)
        try unpacker.apply(TarReader(try file.decompressed(what: path)))
        unpacker.finish()
        return directory
    }
}
