import ArgumentParser

/// `lamb`: run AWS Lambda functions locally with Lambda's execution model.
@main
struct Lamb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lamb",
        abstract: "Run AWS Lambda functions locally, with Lambda's execution model and APIs.",
        subcommands: [
            ServeCommand.self,
            DoctorCommand.self,
            JavaClasspathCommand.self,
            InvokeCommand.self,
            TuneCommand.self,
            LogsCommand.self,
            FunctionCommand.self,
            VersionCommand.self,
            AliasCommand.self,
            LayerCommand.self,
            ConcurrencyCommand.self,
            ProvisionedCommand.self,
            AsyncConfigCommand.self,
            URLCommand.self,
            PermissionCommand.self,
            EnvsCommand.self,
            ImagesCommand.self,
            EventsCommand.self,
            SchedulesCommand.self,
            ScheduleCommand.self,
            DestinationsCommand.self,
            HistoryCommand.self,
            StatsCommand.self,
            TemplateCommand.self,
            GenerateEventCommand.self,
        ]
    )
}
