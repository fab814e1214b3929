import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A progress bar on stderr, redrawn in place on a terminal; elsewhere (a pipe, a test) one line when done.
final class ProgressLine: Sendable {
    private let label: String
    private let total: Int
    private let done = Mutex(0)
    private let redraws = isatty(STDERR_FILENO) == 1

    init(label: String, total: Int) {
        self.label = label
        self.total = total
        if redraws { draw(0) }
    }

    func advance() {
        let count = done.withLock { count in
            count += 1
            return count
        }
        if redraws { draw(count) }
    }

    func finish() {
        let count = done.withLock { $0 }
        if redraws {
            Console.err("\n")
        } else {
            Console.err(line(count) + "\n")
        }
    }

    private func draw(_ count: Int) { Console.err("\r" + line(count)) }

    private func line(_ count: Int) -> String {
        let width = 30
        let filled = total == 0 ? width : width * count / total
        return "\(label) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            + "] \(count)/\(total)"
    }
}
