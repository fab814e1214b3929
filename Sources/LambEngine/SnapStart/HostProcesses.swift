import Foundation

/// Reads of `/proc` that SnapStart restores need: a restored runtime is forked by its template inside the
/// template's sandbox, so Lamb learns its pid as the sandbox sees it and looks up the host's.
enum HostProcesses {
    /// The host pid of the process whose pid is `namespacePid` in the pid namespace `level` levels below the
    /// host's (`NSpid` lists a process's pid in each namespace from the host's down; without namespaces it is the
    /// host pid alone), among `root` and its descendants. `level` `nil` means the innermost.
    static func find(namespacePid: Int32, level: Int? = nil, under root: Int32) -> Int32? {
        var queue = [root]
        var seen = Set<Int32>()
        while !queue.isEmpty {
            let pid = queue.removeFirst()
            guard seen.insert(pid).inserted else { continue }
            let pids = namespacePids(of: pid)
            let candidate = level.map { $0 < pids.count ? pids[$0] : nil } ?? pids.last
            if candidate == namespacePid { return pid }
            queue += children(of: pid)
        }
        return nil
    }

    /// The `NSpid` line: the pid in each pid namespace, the host's first.
    static func namespacePids(of pid: Int32) -> [Int32] {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return [] }
        for line in status.split(separator: "\n") where line.hasPrefix("NSpid:") {
            return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().compactMap { Int32($0) }
        }
        return []
    }

    /// Children of every thread of `pid`.
    static func children(of pid: Int32) -> [Int32] {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return [] }
        return tasks.flatMap { task -> [Int32] in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)
            else { return [] }
            return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    /// One variable of a process's initial environment.
    static func environment(of pid: Int32, _ name: String) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return nil }
        let prefix = name + "="
        for entry in data.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            if text.hasPrefix(prefix) { return String(text.dropFirst(prefix.count)) }
        }
        return nil
    }

    /// Whether `pid` still runs (a zombie counts as gone).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }
}
