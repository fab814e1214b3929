import Foundation

/// Error payloads the platform itself produces (timeouts, crashes, oversized responses), as Lambda words them.
public enum FunctionErrorPayload {
    public static func timeout(requestId: String, timeoutSeconds: Double) -> (type: String, json: String) {
        let seconds = String(format: "%.2f", timeoutSeconds)
        return json(
            type: "Sandbox.Timedout", message: "RequestId: \(requestId) Error: Task timed out after \(seconds) seconds")
    }

    public static func exited(requestId: String, exit: ProcessExit) -> (type: String, json: String) {
        switch exit {
        case .invalidEntrypoint, .invalidWorkingDirectory:
            return json(type: exit.errorType, message: "RequestId: \(requestId) Error: \(exit.lambdaDescription)")
        default:
            break
        }
        return json(
            type: exit.errorType,
            message: "RequestId: \(requestId) Error: Runtime exited with error: \(exit.lambdaDescription)")
    }

    public static func exitedWithoutError(requestId: String) -> (type: String, json: String) {
        json(
            type: "Runtime.ExitError",
            message: "RequestId: \(requestId) Error: Runtime exited without providing a reason")
    }

    public static func responseTooLarge() -> (type: String, json: String) {
        json(
            type: "Function.ResponseSizeTooLarge",
            message:
                "Response payload size exceeded maximum allowed payload size (\(Quotas.runtimeResponseBytes) bytes).")
    }

    public static func json(type: String, message: String) -> (type: String, json: String) {
        let object = ["errorType": type, "errorMessage": message]
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return (type, String(decoding: data, as: UTF8.self))
    }
}

/// How a runtime process ended.
public enum ProcessExit: Sendable, Equatable {
    case exited(code: Int32)
    case signaled(signal: Int32)
    /// Killed by the kernel's OOM killer for going over the environment's memory.
    case outOfMemory
    /// The runtime's executable could not be started (`errno` from exec: ENOENT, EACCES, ...).
    case invalidEntrypoint(path: String, errno: Int32)
    /// An image's working directory is not a directory in it.
    case invalidWorkingDirectory(path: String)

    /// The error type Lambda reports for a runtime that ended this way.
    public var errorType: String {
        switch self {
        case .outOfMemory: "Runtime.OutOfMemory"
        case .invalidEntrypoint: "Runtime.InvalidEntrypoint"
        case .invalidWorkingDirectory: "Runtime.InvalidWorkingDir"
        case .exited, .signaled: "Runtime.ExitError"
        }
    }

    /// Lambda's wording: `exit status 1`, `signal: killed` (an OOM kill is a SIGKILL to the runtime too).
    public var lambdaDescription: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "signal: \(Self.signalName(signal))"
        case .outOfMemory: "signal: killed"
        case .invalidWorkingDirectory(let path): "chdir \(path): no such file or directory"
        case .invalidEntrypoint(let path, let errno):
            if errno == 2 && path.hasSuffix("/bootstrap") {
                // Lambda looks in both places and names them.
                "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]"
            } else if path.isEmpty {
                // An image with neither ENTRYPOINT nor CMD (and no ImageConfig naming one).
                "fork/exec : no such file or directory"
            } else {
                "fork/exec \(path): \(errno == 13 ? "permission denied" : errno == 2 ? "no such file or directory" : "exec format error")"
            }
        }
    }

    /// Go's names for signals, which is what Lambda's messages print.
    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case 9: "killed"
        case 15: "terminated"
        case 11: "segmentation fault"
        case 6: "aborted"
        case 2: "interrupt"
        case 1: "hangup"
        case 3: "quit"
        case 4: "illegal instruction"
        case 7: "bus error"
        case 8: "floating point exception"
        case 13: "broken pipe"
        default: "signal \(signal)"
        }
    }
}
