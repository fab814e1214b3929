import Foundation
import LambCore

#if canImport(Glibc)
    import Glibc
#endif

/// /tmp disks made ahead of cold starts: making one takes tens of milliseconds (format, loop device, mount), which a
/// cold start then does not wait for. A background thread keeps the targets of ``TmpDiskPoolPolicy`` ready; a cold
/// start takes one, or makes its own when none of its size is ready (a burst, or a size not asked for lately).
public final class TmpDiskPool: Sendable {
    /// `<data-dir>/tmp-disks`.
    public let directory: String
    private let maker: TmpDiskMaker
    private let pool: PreparedPool<TmpDiskPoolPolicy, TmpDisk>

    init(maker: TmpDiskMaker, policy: TmpDiskPoolPolicy = TmpDiskPoolPolicy()) {
        self.directory = maker.directory
        self.maker = maker
        // A full disk, no free loop device: cold starts make their own and fail with the reason.
        pool = PreparedPool(
            policy: policy, threadName: "lamb-tmp-disks", make: { size in try? maker.make(sizeMB: size) },
            discard: { disk in disk.remove() })
    }

    /// A ready disk of `sizeMB`, or one made on the calling thread (tens of milliseconds) when none is.
    public func take(sizeMB: Int) throws(TmpDiskError) -> TmpDisk {
        if let ready = pool.take(sizeMB) { return ready }
        return try maker.make(sizeMB: sizeMB)
    }

    /// Starts making disks ahead (otherwise the first ``take(sizeMB:)`` does).
    public func prepare() { pool.prepare() }

    /// Stops making disks and removes the ready ones.
    public func stop() { pool.stop() }

    /// How many of `sizeMB` are ready now (for tests).
    public func readyCount(sizeMB: Int) -> Int { pool.readyCount(sizeMB) }
}
