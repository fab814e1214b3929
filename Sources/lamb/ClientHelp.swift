/// Help text the client command groups share.
enum ClientHelp {
    /// What the exit codes of a client command mean.
    static let exitCodes = """
        Exit codes: 0 success; 2 the request failed (an AWS error such as ResourceNotFoundException or \
        InvalidParameterValueException, or the server could not be reached); 64 invalid arguments. \
        --output json prints the server's answer (a list's pages merged) instead of a table.
        """
}
