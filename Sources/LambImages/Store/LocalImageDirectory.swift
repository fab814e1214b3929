import Foundation

/// `lamb serve --image-dir DIR`: images kept on disk and named like registry images. For a reference
/// `[HOST/]REPOSITORY:TAG` (the host is ignored, so an ECR URI finds the same image as `REPOSITORY:TAG`), the first
/// of these that exists is used:
///
/// - `DIR/REPOSITORY/TAG/`: an OCI image layout;
/// - `DIR/REPOSITORY/TAG.tar` (or `.tar.gz`): an OCI archive or a `docker save` archive (told apart by content);
/// - `DIR/REPOSITORY/`: an OCI image layout whose `index.json` tags the image `TAG` (or holds the digest).
struct LocalImageDirectory {
    let root: String?

    func find(_ reference: RegistryReference, scratch: String) throws -> (any ImageSource)? {
        guard let root else { return nil }
        // Docker Hub's implicit `library/` is not part of the name the user wrote.
        var repository = reference.repository
        if reference.host == "docker.io" && repository.hasPrefix("library/") { repository.removeFirst(8) }
        let base = root + "/" + repository
        let fm = FileManager.default
        if reference.digest == nil {
            let tag = reference.tag ?? "latest"
            if fm.fileExists(atPath: "\(base)/\(tag)/oci-layout") {
                return OCILayoutSource(root: "\(base)/\(tag)", selector: nil, displayName: reference.name)
            }
            for suffix in [".tar", ".tar.gz", ".tgz"] where fm.fileExists(atPath: base + "/" + tag + suffix) {
                let extracted = try ArchiveExtraction.extract(base + "/" + tag + suffix, into: scratch + "/archive")
                if fm.fileExists(atPath: extracted + "/manifest.json")
                    && !fm.fileExists(atPath: extracted + "/index.json")
                {
                    return DockerArchiveSource(root: extracted, tag: nil, displayName: reference.name)
                }
                return OCILayoutSource(root: extracted, selector: nil, displayName: reference.name)
            }
        }
        if fm.fileExists(atPath: base + "/oci-layout") {
            return OCILayoutSource(root: base, selector: reference.reference, displayName: reference.name)
        }
        return nil
    }
}
