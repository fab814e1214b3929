/// A dependency install that failed: the reason, the command that ran (if one did), and the last lines it printed,
/// which usually say why (a package that does not exist, no network, a compiler missing).
public struct DependencyBuildError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    /// The command as it was run (executable first), or empty when none ran.
    public var command: [String]
    public var outputTail: [String]

    public init(_ reason: String, command: [String] = [], outputTail: [String] = []) {
        self.reason = reason
        self.command = command
        self.outputTail = outputTail
    }

    public var description: String {
        var text = reason
        if !command.isEmpty { text += "\n  command: " + command.joined(separator: " ") }
        if !outputTail.isEmpty {
            text += "\n  last lines of its output:\n" + outputTail.map { "    " + $0 }.joined(separator: "\n")
        }
        return text
    }
}
