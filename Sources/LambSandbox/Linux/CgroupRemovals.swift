import Foundation

/// Removes environments' cgroups in the background (an rmdir waits for the last process to leave, which must not
/// hold up an event loop), and lets shutdown wait for the ones still under way: without that, a stopping Lamb left
/// the cgroups of its last environments on the host, and its instance directories with them.
enum CgroupRemovals {
    private static let pending = DispatchGroup()

    static func remove(_ work: @escaping @Sendable () -> Void) {
        DispatchQueue.global().async(group: pending, execute: work)
    }

    /// Waits up to `timeout` for the removals started so far.
    static func wait(timeout: Duration = .seconds(10)) {
        _ = pending.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds * 1000)))
    }
}
