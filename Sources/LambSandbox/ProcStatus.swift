import Foundation

/// Reads a process's or thread's files in `/proc`.
enum ProcStatus {
    /// `VmHWM` of a `/proc/<pid>/status`: the process's peak resident set size in bytes, file-backed and shared pages
    /// included. `nil` when the line is missing (a zombie, or a kernel thread).
    static func peakResidentBytes(inStatus status: UnsafeBufferPointer<UInt8>) -> UInt64? {
        KernelFile.number(afterKey: "VmHWM:", in: status).map { $0 * 1024 }
    }

    /// The last number of the `NSpid:` line of a `/proc/<pid>/status`: the process's pid in its own (innermost)
    /// pid namespace. The runtime of a Linux-sandbox environment is 2 there (init is 1).
    static func innermostPID(inStatus status: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard var i = KernelFile.valueStart(ofKey: "NSpid:", in: status) else { return nil }
        var last: UInt64?
        while i < status.count, status[i] != UInt8(ascii: "\n") {
            if status[i] >= UInt8(ascii: "0"), status[i] <= UInt8(ascii: "9") {
                last = KernelFile.parseNumber(status, from: i)
                while i < status.count, status[i] >= UInt8(ascii: "0"), status[i] <= UInt8(ascii: "9") { i += 1 }
            } else {
                i += 1
            }
        }
        return last.flatMap { Int32(exactly: $0) }
    }

    /// The longest time any one of `tids` has spent on a run queue, ready to run but waiting for a CPU (the second
    /// field of `/proc/<tid>/schedstat`); `nil` when none could be read. The longest, not the sum: threads of one
    /// environment that compete with each other for its CPU all wait, and their waits added up would exceed the time
    /// that passed.
    static func longestRunQueueWaitNanoseconds(of tids: [Int32]) -> UInt64? {
        var longest: UInt64?
        for tid in tids {
            let wait = KernelFile.withBytes("/proc/\(tid)/schedstat") { bytes -> UInt64? in
                let fields = bytes.split(separator: UInt8(ascii: " "))
                guard fields.count >= 2 else { return nil }
                return UInt64(String(decoding: fields[1], as: UTF8.self))
            }
            if let wait { longest = max(longest ?? 0, wait) }
        }
        return longest
    }

    /// The threads of one process (`/proc/<pid>/task`).
    static func threadIDs(of pid: Int32) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []).compactMap { Int32($0) }
    }

    /// The one-letter state of a task (`R` running, `S` sleeping, ...) from `/proc/<tid>/stat`.
    /// Read as bytes (like the other per-invocation reads): the freezer asks for every thread at each freeze.
    static func state(of tid: Int32) -> Character? {
        KernelFile.withBytes("/proc/\(tid)/stat") { bytes -> Character? in
            guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
            guard let state = bytes[(close + 1)...].first(where: { $0 != UInt8(ascii: " ") }) else { return nil }
            return Character(Unicode.Scalar(state))
        }
    }
}
