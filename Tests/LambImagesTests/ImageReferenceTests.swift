import LambImages
import Testing

@Suite("Image references and transports")
struct ImageReferenceTests {
    @Test("An ECR URI: host, repository, tag")
    func ecr() throws {
        let ref = try RegistryReference.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/my-fn:v1")
        #expect(ref.host == "123456789012.dkr.ecr.us-east-1.amazonaws.com")
        #expect(ref.repository == "my-fn")
        #expect(ref.tag == "v1")
        #expect(ref.reference == "v1")
        #expect(!ref.isLoopback)
    }

    @Test("Docker Hub names: library/, registry-1 API host, latest by default")
    func dockerHub() throws {
        let ref = try RegistryReference.parse("alpine")
        #expect(ref.host == "docker.io")
        #expect(ref.apiHost == "registry-1.docker.io")
        #expect(ref.repository == "library/alpine")
        #expect(ref.reference == "latest")
        #expect(try RegistryReference.parse("user/app:1.0").repository == "user/app")
    }

    @Test("A port, a nested repository and a digest; loopback registries are plain HTTP")
    func portAndDigest() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let ref = try RegistryReference.parse("localhost:5000/team/app:tag@\(digest)")
        #expect(ref.host == "localhost:5000")
        #expect(ref.hostName == "localhost")
        #expect(ref.repository == "team/app")
        #expect(ref.tag == "tag")
        #expect(ref.reference == digest)
        #expect(ref.isLoopback)
        #expect(ref.pinned(digest) == "localhost:5000/team/app@\(digest)")
        #expect(try RegistryReference.parse("127.0.0.1:5000/app").isLoopback)
    }

    @Test("Bad references are refused", arguments: ["UPPER/case", "repo:bad tag", "repo@sha256:xyz", "", "a//b"])
    func invalid(_ raw: String) {
        #expect(throws: ImageError.self) { try RegistryReference.parse(raw) }
    }

    @Test("skopeo's transports: oci:, oci-archive:, docker-archive:")
    func transports() throws {
        #expect(try ImageLocation.parse("oci:/srv/images/app") == .ociLayout(path: "/srv/images/app", tag: nil))
        #expect(try ImageLocation.parse("oci:/srv/images/app:v2") == .ociLayout(path: "/srv/images/app", tag: "v2"))
        #expect(try ImageLocation.parse("oci-archive:/tmp/a.tar:x") == .ociArchive(path: "/tmp/a.tar", tag: "x"))
        #expect(try ImageLocation.parse("docker-archive:/tmp/d.tar") == .dockerArchive(path: "/tmp/d.tar", tag: nil))
        #expect(
            try ImageLocation.parse("docker-archive:/tmp/d.tar:app:v1")
                == .dockerArchive(path: "/tmp/d.tar", tag: "app:v1"))
        #expect(throws: ImageError.self) { try ImageLocation.parse("oci:relative/path") }
        guard case .registry(let ref) = try ImageLocation.parse("docker://localhost:5000/app:1") else {
            Issue.record("docker:// is a registry reference")
            return
        }
        #expect(ref.repository == "app")
    }
}
