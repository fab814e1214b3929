import ArgumentParser

/// `lamb permission add`: AddPermission.
struct PermissionAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a statement to a function's resource-based policy; prints it.")

    @Argument(help: "The function's name or ARN.") var function: String

    @Option(name: .customLong("statement-id"), help: "The statement's id, unique in the policy.")
    var statementId: String

    @Option(help: "The action allowed, e.g. lambda:InvokeFunction, lambda:InvokeFunctionUrl or lambda:*.")
    var action: String

    @Option(help: "Who: a service (s3.amazonaws.com), an account id, an ARN, or * for anyone.")
    var principal: String

    @Option(name: .customLong("source-arn"), help: "Only for calls on behalf of this resource (a bucket, a rule).")
    var sourceArn: String?

    @Option(name: .customLong("source-account"), help: "Only for calls on behalf of resources of this account.")
    var sourceAccount: String?

    @Option(name: .customLong("principal-org-id"), help: "Only for principals of this AWS Organizations id.")
    var principalOrgId: String?

    @Option(name: .customLong("event-source-token"), help: "Only for an Alexa skill with this token.")
    var eventSourceToken: String?

    @Option(
        name: .customLong("function-url-auth-type"),
        help: "With lambda:InvokeFunctionUrl: only for URLs of this auth type (NONE or AWS_IAM).")
    var functionUrlAuthType: FunctionURLAuthType?

    @Option(help: "A version number or alias name: its own policy (default: the function's).")
    var qualifier: String?

    @Option(name: .customLong("revision-id"), help: "Add only if the policy's RevisionId is this one.")
    var revisionId: String?

    @OptionGroup var output: OutputOptions<TableByDefault>

    @OptionGroup var endpoint: EndpointOptions

    func run() async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                "POST", PermissionCommand.path(function), query: LambClient.qualifierQuery(qualifier),
                object: [
                    "StatementId": statementId, "Action": action, "Principal": principal, "SourceArn": sourceArn,
                    "SourceAccount": sourceAccount, "PrincipalOrgID": principalOrgId,
                    "EventSourceToken": eventSourceToken, "FunctionUrlAuthType": functionUrlAuthType?.rawValue,
                    "RevisionId": revisionId,
                ])
            // The statement is JSON text inside the answer: its table is the one GetPolicy's statements make.
            try output.show(response) { PermissionCommand.table([try PermissionCommand.document($0["Statement"])]) }
        }
    }
}
