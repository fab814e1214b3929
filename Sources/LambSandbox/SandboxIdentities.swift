import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The unprivileged uids environments run as (each uid doubles as its gid).
///
/// Every live environment has a uid of its own: per-user limits such as `RLIMIT_NPROC` then count one environment's
/// processes only, and a connection's owner (``SocketPeer``) says which environment made it — the Runtime API of an
/// environment admits only its own runtime, and the Lambda API knows a call that comes from inside a function.
///
/// Each Lamb process claims a block of its own (a lock file held for its lifetime), so two Lamb instances on one
/// host never hand out the same uid: one instance's fork bomb cannot use up another's per-uid process limit, and
/// an environment of one instance is never taken for an environment of the other.
public final class SandboxIdentities: Sendable {
    /// Every uid any Lamb hands out lies in `all`: far above the ranges distributions give to users (below 65,536)
    /// and to `/etc/subuid` (100,000 onwards, in blocks of 65,536).
    public static let base: UInt32 = 1_000_000_000
    public static let blockSize: UInt32 = 100_000
    public static let blockCount: UInt32 = 2_000
    public static var all: Range<UInt32> { base..<(base + blockSize * blockCount) }

    /// Where the block locks live (root only: the sandboxes that use identities need root).
    public static let lockDirectory = "/run/lamb/uid-blocks"

    public let block: Range<UInt32>
    private let lockFD: Int32
    private let state: Mutex<(next: UInt32, free: [UInt32])>

    /// Claims a free block; `nil` when none could be locked (every block taken, or no `/run`).
    public static func claim() -> SandboxIdentities? {
        _ = mkdir("/run/lamb", 0o755)
        _ = mkdir(lockDirectory, 0o755)
        // Start at a block derived from the pid, so instances started together rarely contend for the same lock.
        let start = UInt32(getpid()) % blockCount
        for offset in 0..<blockCount {
            let index = (start + offset) % blockCount
            let fd = open("\(lockDirectory)/\(index).lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return nil }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                let first = base + index * blockSize
                return SandboxIdentities(block: first..<(first + blockSize), lockFD: fd)
            }
            close(fd)
        }
        return nil
    }

    /// A claimed block, or (when no lock can be taken) the first block without a lock: environments still get uids
    /// of their own, only not distinct from another instance's in the same situation.
    public static func claimOrFirstBlock() -> SandboxIdentities {
        claim() ?? SandboxIdentities(block: base..<(base + blockSize))
    }

    init(block: Range<UInt32>, lockFD: Int32 = -1) {
        self.block = block
        self.lockFD = lockFD
        self.state = Mutex((block.lowerBound, []))
    }

    deinit {
        if lockFD >= 0 { close(lockFD) }
    }

    /// A uid no live environment of this instance has.
    public func take() throws(SandboxError) -> UInt32 {
        let id = state.withLock { s -> UInt32? in
            if let id = s.free.popLast() { return id }
            guard s.next < block.upperBound else { return nil }
            defer { s.next += 1 }
            return s.next
        }
        guard let id else { throw SandboxError(operation: "allocate a sandbox uid", errno: EAGAIN) }
        return id
    }

    /// Returns a uid once its environment's processes are all gone.
    public func give(_ id: UInt32) {
        state.withLock { $0.free.append(id) }
    }
}
