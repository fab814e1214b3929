#if os(Linux)
    import Foundation
    import Glibc

    /// The inotify side of ``FileWatcher``: one inotify descriptor with a watch on every directory of each watched
    /// tree (inotify is not recursive), and on the parent directory of each watched file (a watch on the file itself
    /// would follow the inode an editor's save-by-rename just replaced).
    ///
    /// Used by one thread at a time: ``FileWatcher/start()`` sets the watches up before its thread exists, then only
    /// that thread touches it.
    final class InotifyWatches {
        /// Why inotify cannot be used (the caller then polls).
        struct Failure: Error {
            var operation: String
            var errno: Int32
        }

        private struct WatchedDirectory {
            var path: String
            /// New subdirectories get watches of their own.
            var recursive: Bool
            /// The only entry names reported (the watched files), or `nil` for all.
            var names: Set<String>?
        }

        let fd: Int32
        private let rules: WatchIgnoreRules
        private let roots: [String]
        private var watches: [Int32: WatchedDirectory] = [:]

        private static let directoryMask =
            UInt32(IN_CLOSE_WRITE) | UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)
            | UInt32(IN_MOVED_TO) | UInt32(IN_ATTRIB) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)
            | UInt32(IN_ONLYDIR) | UInt32(IN_EXCL_UNLINK)

        init(directories: [String], files: [String], rules: WatchIgnoreRules) throws(Failure) {
            let fd = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
            guard fd >= 0 else { throw Failure(operation: "inotify_init1", errno: errno) }
            self.fd = fd
            self.rules = rules
            self.roots = directories + files
            // On a failure here `deinit` runs (every stored property is set) and closes the descriptor.
            for directory in directories { _ = try addTree(directory) }
            for file in files {
                let url = URL(fileURLWithPath: file)
                try addWatch(url.deletingLastPathComponent().path, recursive: false, names: [url.lastPathComponent])
            }
        }

        deinit { close(fd) }

        /// Reads every queued event and returns the paths they name. `needsPolling` is set when a new directory
        /// could not be watched (the watch limit, `fs.inotify.max_user_watches`, was reached): from then on only
        /// polling sees everything.
        func readChanges() -> (paths: [String], needsPolling: Bool) {
            var paths: [String] = []
            var needsPolling = false
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    break
                }
                buffer.withUnsafeBytes { raw in
                    var offset = 0
                    while offset + 16 <= n {
                        let wd = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                        let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                        let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                        let nameBytes = raw[(offset + 16)..<min(n, offset + 16 + length)]
                        let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                        offset += 16 + length
                        if !handle(wd: wd, mask: mask, name: name, into: &paths) { needsPolling = true }
                    }
                }
            }
            return (paths, needsPolling)
        }

        /// Adds one event's paths; returns false when a new directory could not be watched.
        private func handle(wd: Int32, mask: UInt32, name: String, into paths: inout [String]) -> Bool {
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                // Events were lost: say everything may have changed.
                paths += roots
                return true
            }
            guard let watched = watches[wd] else { return true }
            if mask & UInt32(IN_IGNORED) != 0 {
                watches[wd] = nil
                return true
            }
            if mask & (UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)) != 0 {
                if roots.contains(watched.path) { paths.append(watched.path) }
                return true
            }
            guard !name.isEmpty, !rules.ignores(name: name) else { return true }
            if let names = watched.names, !names.contains(name) { return true }
            let path = "\(watched.path)/\(name)"
            paths.append(path)
            guard watched.recursive, mask & UInt32(IN_ISDIR) != 0 else { return true }
            if mask & UInt32(IN_MOVED_FROM) != 0 || mask & UInt32(IN_DELETE) != 0 {
                forgetTree(path)
            } else if mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0 {
                // Files made in the new directory before its watch existed produce no events: report what is there.
                paths += DirectorySnapshot(of: path, ignoring: rules).entries.keys.sorted()
                do { _ = try addTree(path) } catch { return false }
            }
            return true
        }

        /// Watches `directory` and every directory under it that is not ignored. Directories that vanish or cannot
        /// be read meanwhile are skipped; only running out of watches (or memory) is a failure.
        private func addTree(_ directory: String) throws(Failure) -> Bool {
            guard try addWatch(directory, recursive: true, names: nil) else { return false }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names.sorted() where !rules.ignores(name: name) {
                let path = "\(directory)/\(name)"
                var info = stat()
                guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
                _ = try addTree(path)
            }
            return true
        }

        @discardableResult
        private func addWatch(_ directory: String, recursive: Bool, names: Set<String>?) throws(Failure) -> Bool {
            let wd = inotify_add_watch(fd, directory, Self.directoryMask)
            guard wd >= 0 else {
                if errno == ENOSPC || errno == ENOMEM { throw Failure(operation: "inotify_add_watch", errno: errno) }
                return false
            }
            // The same directory watched twice (a watched file in a watched tree) has one descriptor: merge.
            if var existing = watches[wd], existing.path == directory {
                existing.recursive = existing.recursive || recursive
                if let current = existing.names, let names {
                    existing.names = current.union(names)
                } else {
                    existing.names = nil
                }
                watches[wd] = existing
            } else {
                watches[wd] = WatchedDirectory(path: directory, recursive: recursive, names: names)
            }
            return true
        }

        /// Drops the watches of a directory that moved away or was removed (its descriptors would report under a
        /// path that no longer exists).
        private func forgetTree(_ directory: String) {
            let prefix = directory + "/"
            for (wd, watched) in watches where watched.path == directory || watched.path.hasPrefix(prefix) {
                inotify_rm_watch(fd, wd)
                watches[wd] = nil
            }
        }
    }
#endif
