import Synchronization

/// The last lines of a command's output, kept for the error if the command fails.
final class OutputTail: Sendable {
    private let limit: Int
    private let lines = Mutex([String]())

    init(limit: Int = 20) {
        self.limit = limit
    }

    func append(_ line: String) {
        lines.withLock { lines in
            lines.append(line)
            if lines.count > limit { lines.removeFirst(lines.count - limit) }
        }
    }

    var snapshot: [String] { lines.withLock { $0 } }
}
