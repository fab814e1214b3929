import ArgumentParser

/// `lamb function`: the control-plane operations on functions, as `aws lambda` names them.
struct FunctionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "function",
        abstract: "Create, list, inspect, update and delete functions.",
        discussion: """
            Exit codes: 0 success; 2 the request failed (an AWS error such as ResourceConflictException or \
            InvalidParameterValueException, or the server could not be reached); 64 invalid arguments.
            """,
        subcommands: [
            FunctionCreateCommand.self,
            FunctionListCommand.self,
            FunctionGetCommand.self,
            FunctionUpdateCodeCommand.self,
            FunctionDeleteCommand.self,
        ]
    )
}
