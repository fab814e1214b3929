import Foundation
import LambSandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Instance locks")
struct CgroupInstanceLocksTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lamb-locks-\(UUID().uuidString)")
        .path

    @Test("a claimed instance is alive; released, its file is gone and nothing is judged")
    func claimed() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(CgroupInstanceLocks.claim("iself", note: "/data", directory: directory))
        #expect(CgroupInstanceLocks.claim("iself", note: "/data", directory: directory))
        #expect(try String(contentsOfFile: "\(directory)/iself.lock", encoding: .utf8) == "/data")
        var ran = false
        #expect(!CgroupInstanceLocks.whileDead("iself", directory: directory) { ran = true })
        CgroupInstanceLocks.release("iself", directory: directory)
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/iself.lock"))
        #expect(!CgroupInstanceLocks.whileDead("iself", directory: directory) { ran = true })
        #expect(!ran)
    }

    @Test("a lock another holder keeps is alive; a lock file nobody holds is a dead instance, removed after the body")
    func heldElsewhere() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/iother.lock"
        FileManager.default.createFile(atPath: path, contents: Data())
        // Another open file description holding the lock stands for a live Lamb process.
        let fd = open(path, O_RDWR)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        var ran = 0
        #expect(!CgroupInstanceLocks.whileDead("iother", directory: directory) { ran += 1 })
        close(fd)
        #expect(CgroupInstanceLocks.whileDead("iother", directory: directory) { ran += 1 })
        #expect(ran == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
        // No lock file: an instance of an older Lamb, or none; never touched.
        #expect(!CgroupInstanceLocks.whileDead("inone", directory: directory) { ran += 1 })
        #expect(ran == 1)
    }
}
