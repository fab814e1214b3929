import Foundation
import Synchronization

/// The environments' `/etc/hosts`: the host's, plus `sandbox.localdomain` (and `sandbox`) on the loopback, the name
/// extensions listen on for the Telemetry API, as Lambda's environments resolve it. Written once, on the first
/// launch (the data directory's environments directory exists by then), and bound read-only into every
/// environment; the host's file is read at that moment.
final class SandboxHostsFile: Sendable {
    private let target: String
    /// `nil`: not written yet; `.some(nil)`: it could not be (environments then see the host's file unchanged).
    private let written = Mutex<String??>(nil)

    init(path: String) { target = path }

    func path() -> String? {
        written.withLock { written in
            if let done = written { return done }
            let result = Self.write(to: target)
            written = .some(result)
            return result
        }
    }

    static func write(to path: String) -> String? {
        let host = (try? String(contentsOfFile: "/etc/hosts", encoding: .utf8)) ?? "127.0.0.1\tlocalhost\n"
        let text = host + (host.hasSuffix("\n") ? "" : "\n") + "127.0.0.1\tsandbox.localdomain sandbox\n"
        // Written beside and renamed: a jail binding the file never sees half of it.
        let temporary = path + ".new"
        guard FileManager.default.createFile(
            atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]),
            rename(temporary, path) == 0
        else { return nil }
        return path
    }
}
