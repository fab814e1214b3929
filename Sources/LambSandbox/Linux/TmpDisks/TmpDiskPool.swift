import Foundation
import LambCore

#if canImport(Glibc)
    import Glibc
#endif

/// /tmp disks made ahead of cold starts: making one takes tens of milliseconds (format, loop device, mount), which a
/// cold start then does not wait for. A background thread keeps the targets of ``TmpDiskPoolPolicy`` ready; a cold
/// start takes one, or makes its own when none of its size is ready (a burst, or a size not asked for lately).
public final class TmpDiskPool: @unchecked Sendable {
    /// `<data-dir>/tmp-disks`.
    public let directory: String
    private let maker: TmpDiskMaker
    // Guards everything below; the filler thread waits on it.
    private let condition = NSCondition()
    private var policy: TmpDiskPoolPolicy
    private var ready: [Int: [TmpDisk]] = [:]
    private var stopped = false
    private var started = false
    /// The last error of the filler, if its last attempt failed; it waits for the next take before trying again.
    private var lastFailure: TmpDiskError?

    init(maker: TmpDiskMaker, policy: TmpDiskPoolPolicy = TmpDiskPoolPolicy()) {
        self.directory = maker.directory
        self.maker = maker
        self.policy = policy
    }

    /// A ready disk of `sizeMB`, or one made on the calling thread (tens of milliseconds) when none is.
    public func take(sizeMB: Int) throws(TmpDiskError) -> TmpDisk {
        condition.lock()
        policy.asked(for: sizeMB)
        let taken = ready[sizeMB]?.popLast()
        let startFiller = !started && !stopped
        started = true
        lastFailure = nil
        condition.signal()
        condition.unlock()
        if startFiller { startFillerThread() }
        if let taken { return taken }
        return try maker.make(sizeMB: sizeMB)
    }

    /// Starts making disks ahead (otherwise the first ``take(sizeMB:)`` does).
    public func prepare() {
        condition.lock()
        let start = !started && !stopped
        started = true
        condition.unlock()
        if start { startFillerThread() }
    }

    /// Stops making disks and removes the ready ones.
    public func stop() {
        condition.lock()
        stopped = true
        let left = ready.values.flatMap { $0 }
        ready = [:]
        condition.signal()
        condition.unlock()
        for disk in left { disk.remove() }
    }

    /// How many of `sizeMB` are ready now (for tests).
    public func readyCount(sizeMB: Int) -> Int {
        condition.lock()
        defer { condition.unlock() }
        return ready[sizeMB]?.count ?? 0
    }

    private func startFillerThread() {
        let thread = Thread { [self] in fill() }
        thread.name = "lamb-tmp-disks"
        thread.start()
    }

    private func fill() {
        condition.lock()
        while !stopped {
            let counts = ready.mapValues(\.count)
            // Disks of sizes no longer kept go first (removed outside the lock).
            let dropped = ready.filter { policy.target(for: $0.key) == 0 }.values.flatMap { $0 }
            for size in ready.keys where policy.target(for: size) == 0 { ready[size] = nil }
            guard dropped.isEmpty else {
                condition.unlock()
                for disk in dropped { disk.remove() }
                condition.lock()
                continue
            }
            guard lastFailure == nil, let size = policy.nextSize(ready: counts) else {
                condition.wait()
                continue
            }
            condition.unlock()
            let made = Result { () throws(TmpDiskError) in try maker.make(sizeMB: size) }
            condition.lock()
            switch made {
            case .success(let disk):
                if stopped {
                    condition.unlock()
                    disk.remove()
                    condition.lock()
                } else {
                    ready[size, default: []].append(disk)
                }
            case .failure(let error):
                // A full disk, no free loop device: cold starts make their own and fail with the reason; the filler
                // tries again after the next take.
                lastFailure = error
            }
        }
        condition.unlock()
    }
}
