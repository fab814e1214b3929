import Foundation
import Testing

@testable import LambSandbox

/// `/proc/<pid>/status` as Linux 6.x writes it (trimmed), for a runtime that is pid 2 of its namespace.
private let status = """
    Name:\tpython3.11
    Umask:\t0022
    State:\tS (sleeping)
    Tgid:\t41872
    Ngid:\t0
    Pid:\t41872
    PPid:\t41871
    NSpid:\t41872\t2
    NSpgid:\t41870\t0
    VmPeak:\t   30012 kB
    VmSize:\t   29948 kB
    VmHWM:\t   13916 kB
    VmRSS:\t   13904 kB
    RssAnon:\t    5332 kB
    RssFile:\t    8572 kB
    Threads:\t1

    """

private func withBytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    Array(text.utf8).withUnsafeBufferPointer(body)
}

@Suite("Max Memory Used: reading /proc/<pid>/status and combining it with the cgroup's peak")
struct MemoryMeasurementTests {
    @Test("VmHWM is read in bytes, file-backed pages included")
    func highWaterMark() {
        #expect(withBytes(status) { ProcStatus.peakResidentBytes(inStatus: $0) } == 13916 * 1024)
    }

    @Test("a zombie's status has no Vm lines: nothing is measured")
    func zombie() {
        let zombie = "Name:\tpython3.11\nState:\tZ (zombie)\nPid:\t7\nThreads:\t1\n"
        #expect(withBytes(zombie) { ProcStatus.peakResidentBytes(inStatus: $0) } == nil)
    }

    @Test("NSpid's last field is the pid inside the innermost namespace")
    func innermostPID() {
        #expect(withBytes(status) { ProcStatus.innermostPID(inStatus: $0) } == 2)
        #expect(withBytes("NSpid:\t900\n") { ProcStatus.innermostPID(inStatus: $0) } == 900)
        #expect(withBytes("NSpid:\t900\t31\t2\nNSpgid:\t5\t1\n") { ProcStatus.innermostPID(inStatus: $0) } == 2)
        #expect(withBytes("Name:\tx\n") { ProcStatus.innermostPID(inStatus: $0) } == nil)
    }

    @Test("a key must be a whole line's start: VmHWM is not found in a longer key")
    func keyAtLineStart() {
        let text = "XVmHWM:\t5 kB\nVmHWM:\t7 kB\n"
        #expect(withBytes(text) { ProcStatus.peakResidentBytes(inStatus: $0) } == 7 * 1024)
    }

    @Test("the larger of the resident peak and the cgroup's peak, never their sum")
    func larger() {
        let mb: UInt64 = 1_048_576
        // A Python no-op: its libraries were cached by someone else, so the cgroup saw little of them.
        #expect(MemoryMeasurement(residentPeakBytes: 14 * mb, chargedPeakBytes: 8 * mb).peakBytes == 14 * mb)
        // A child allocated memory the runtime's own VmHWM does not show.
        #expect(MemoryMeasurement(residentPeakBytes: 14 * mb, chargedPeakBytes: 90 * mb).peakBytes == 90 * mb)
        #expect(MemoryMeasurement(residentPeakBytes: 14 * mb).peakBytes == 14 * mb)
        #expect(MemoryMeasurement(chargedPeakBytes: 3 * mb).peakBytes == 3 * mb)
    }

    @Test("at most the enforced limit: a microVM cannot hold more than it has")
    func clampedToLimit() {
        let mb: UInt64 = 1_048_576
        let oom = MemoryMeasurement(residentPeakBytes: 137 * mb, chargedPeakBytes: 128 * mb, limitBytes: 128 * mb)
        #expect(oom.peakBytes == 128 * mb)
        #expect(oom.peakMegabytes == 128)
    }

    @Test("nothing measured is nil, not the configured size")
    func unmeasured() {
        #expect(MemoryMeasurement.unmeasured.peakBytes == nil)
        #expect(MemoryMeasurement.unmeasured.peakMegabytes == nil)
        #expect(MemoryMeasurement(limitBytes: 128 * 1_048_576).peakBytes == nil)
    }

    @Test("megabytes are rounded up, as Lambda's are")
    func roundedUp() {
        #expect(MemoryMeasurement(residentPeakBytes: 1).peakMegabytes == 1)
        #expect(MemoryMeasurement(residentPeakBytes: 1_048_576).peakMegabytes == 1)
        #expect(MemoryMeasurement(residentPeakBytes: 1_048_577).peakMegabytes == 2)
    }

    @Test("memory pressure counts what the environment alone holds: the cgroup's charge when there is one")
    func reclaimable() {
        #expect(MemoryMeasurement(residentPeakBytes: 20, chargedPeakBytes: 8).reclaimableBytes == 8)
        #expect(MemoryMeasurement(residentPeakBytes: 20).reclaimableBytes == 20)
        #expect(MemoryMeasurement.unmeasured.reclaimableBytes == nil)
    }

    @Test("this test process's own high-water mark, read through a kept descriptor, never goes down")
    func ownHighWater() throws {
        #if os(Linux)
            let reader = ResidentHighWater(pid: getpid())
            let first = try #require(reader.read())
            #expect(first > 1_048_576)
            #expect((reader.read() ?? 0) >= first)
            reader.close()
            #expect(reader.read() == first || (reader.read() ?? 0) >= first)
        #endif
    }
}
