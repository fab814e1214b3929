/// `AWS_LAMBDA_EXEC_WRAPPER`: a managed runtime's start command run through a script of the function's (from its
/// code or a layer), as Lambda runs it, so that the script can set variables or flags and then `exec "$@"`. Custom
/// runtimes (`provided*`) are started as they are: their bootstrap is already the function's own.
enum ExecWrapper {
    static let variable = "AWS_LAMBDA_EXEC_WRAPPER"

    /// `launch` with the wrapper in front, when the function sets one.
    static func wrap(_ launch: RuntimeLaunch, functionVariables: [String: String], layout: RuntimeLayout) -> RuntimeLaunch {
        guard let wrapper = functionVariables[variable], !wrapper.isEmpty else { return launch }
        var wrapped = launch
        wrapped.executable = path(wrapper, in: layout)
        wrapped.arguments = [launch.executable] + launch.arguments
        return wrapped
    }

    /// The script as the sandbox finds it: Lambda's `/opt` and `/var/task` are the layout's layer and code
    /// directories (the same paths inside the Linux sandbox; the host's directories without one).
    static func path(_ wrapper: String, in layout: RuntimeLayout) -> String {
        for (lambdaPath, actual) in [(RuntimeLayout.lambdaOpt, layout.optDirectory), ("/var/task", layout.taskRoot)]
        where wrapper == lambdaPath || wrapper.hasPrefix(lambdaPath + "/") {
            return actual + wrapper.dropFirst(lambdaPath.count)
        }
        return wrapper
    }
}
