import ArgumentParser

/// `lamb async-config`: how a function's asynchronous invocations are retried and where their records go
/// (the FunctionEventInvokeConfig operations, `/2019-09-25`).
struct AsyncConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "async-config",
        abstract: "Set, update, show, list or remove a function's asynchronous invocation settings.",
        discussion: """
            Retries (0-2, default 2), the maximum event age (60-21600 s, default 6 hours) and the destinations of \
            the invocation records: an SQS queue, SNS topic, EventBridge bus or Lambda function ARN, or for \
            failures an S3 bucket. Without --qualifier the settings are $LATEST's. \(ClientHelp.exitCodes)
            """,
        subcommands: [
            AsyncConfigPutCommand.self,
            AsyncConfigUpdateCommand.self,
            AsyncConfigGetCommand.self,
            AsyncConfigListCommand.self,
            AsyncConfigDeleteCommand.self,
        ])

    /// `/2019-09-25/functions/{function}/event-invoke-config`.
    static func path(_ function: String, _ suffix: String = "") -> String {
        "/2019-09-25/functions/\(LambClient.escape(function))/event-invoke-config\(suffix)"
    }

    /// Put (`PUT`: the whole configuration is replaced) and update (`POST`: only what is named changes) send the same
    /// body and print the same answer.
    static func write(
        _ method: String, _ function: String, _ settings: AsyncConfigOptions, _ output: OutputOptions<TableByDefault>,
        _ endpoint: EndpointOptions
    ) async throws {
        try await reportingFailures {
            let response = try await endpoint.client().checked(
                method, path(function), query: LambClient.qualifierQuery(settings.qualifier), object: settings.body)
            try output.show(response) { table([$0]) }
        }
    }

    /// Configurations, one qualifier a row.
    static func table(_ configs: [[String: Any]]) -> String {
        var table = TextTable(
            header: ["QUALIFIER", "RETRIES", "MAX EVENT AGE", "ON SUCCESS", "ON FAILURE", "LAST MODIFIED"])
        for config in configs {
            table.rows.append([
                TableCell.qualifier(ofArn: config["FunctionArn"]),
                TableCell.text(config, "MaximumRetryAttempts"),
                (config["MaximumEventAgeInSeconds"] as? Int).map { "\($0) s" } ?? "-",
                TableCell.text(config, "DestinationConfig.OnSuccess.Destination"),
                TableCell.text(config, "DestinationConfig.OnFailure.Destination"),
                TableCell.time(config, "LastModified"),
            ])
        }
        return table.render()
    }
}

/// The settings PutFunctionEventInvokeConfig and UpdateFunctionEventInvokeConfig take, and `--qualifier`.
struct AsyncConfigOptions: ParsableArguments {
    @Option(help: "A version number or alias name (default $LATEST).") var qualifier: String?

    @Option(
        name: .customLong("maximum-retry-attempts"),
        help: ArgumentHelp("Retries after a function error (0-2).", valueName: "n"))
    var maximumRetryAttempts: Int?

    @Option(
        name: [.customLong("maximum-event-age"), .customLong("maximum-event-age-in-seconds")],
        help: ArgumentHelp("Discard an event not processed within this time (60-21600).", valueName: "seconds"))
    var maximumEventAge: Int?

    @Option(
        name: .customLong("on-success"),
        help: ArgumentHelp("Where records of successful invocations go ('' removes it on update).", valueName: "arn"))
    var onSuccess: String?

    @Option(
        name: .customLong("on-failure"),
        help: ArgumentHelp("Where records of failed invocations go ('' removes it on update).", valueName: "arn"))
    var onFailure: String?

    /// The request body. `DestinationConfig` names only the destinations given, so that an update leaves the other
    /// one as it is; an empty `Destination` removes one.
    var body: [String: Any?] {
        var destinations: [String: Any] = [:]
        if let onSuccess { destinations["OnSuccess"] = ["Destination": onSuccess] }
        if let onFailure { destinations["OnFailure"] = ["Destination": onFailure] }
        return [
            "MaximumRetryAttempts": maximumRetryAttempts,
            "MaximumEventAgeInSeconds": maximumEventAge,
            "DestinationConfig": destinations.isEmpty ? nil : destinations,
        ]
    }
}
