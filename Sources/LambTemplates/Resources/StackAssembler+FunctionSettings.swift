import LambCore

/// A function's settings, from the properties both function types share and the few they spell differently
/// (`Tracing` / `TracingConfig.Mode`, `DeadLetterQueue` / `DeadLetterConfig`).
extension StackAssembler {
    func functionSettings(_ properties: PropertyReader, serverless: Bool, image: Bool = false) throws(TemplateError)
        -> FunctionSettingsPatch
    {
        var settings = FunctionSettingsPatch()
        if image {
            // The image brings its runtime and handler; ImageConfig overrides what it runs.
            settings.packageType = .image
            if let config = try properties.nested("ImageConfig") {
                settings.imageConfig = ImageSettings(
                    entryPoint: try config.strings("EntryPoint"), command: try config.strings("Command"),
                    workingDirectory: try config.string("WorkingDirectory"))
            }
            // Handler, Runtime and Layers (from Globals, say) are not read: Lambda refuses them for images.
        } else {
            // Lambda refuses a zip function without them; refusing here names the line.
            settings.handler = try properties.string("Handler")
            settings.runtime = try properties.string("Runtime")
            guard settings.handler != nil else {
                throw properties.location(of: "Handler").error("is required for a zip function")
            }
            guard settings.runtime != nil else {
                throw properties.location(of: "Runtime").error("is required for a zip function")
            }
        }
        settings.role = try properties.string("Role")
        settings.description = try properties.string("Description")
        settings.memorySize = try properties.int("MemorySize")
        settings.timeout = try properties.int("Timeout")
        if let environment = try properties.nested("Environment") {
            settings.environment = try environment.stringMap("Variables") ?? [:]
        }
        settings.ephemeralStorageSize = try properties.nested("EphemeralStorage")?.int("Size")
        settings.architectures = try properties.strings("Architectures")
        if !image { settings.layers = try properties.strings("Layers") }
        settings.snapStartApplyOn = try properties.nested("SnapStart")?.string("ApplyOn")
        settings.kmsKeyArn = try properties.string("KmsKeyArn")
        if let logging = try properties.nested("LoggingConfig") {
            settings.logFormat = try logging.string("LogFormat")
            settings.applicationLogLevel = try logging.string("ApplicationLogLevel")
            settings.systemLogLevel = try logging.string("SystemLogLevel")
            settings.logGroup = try logging.string("LogGroup")
        }
        if serverless {
            settings.tracingMode = try tracingMode(properties)
            settings.deadLetterTargetArn = try deadLetterQueue(properties)
        } else {
            settings.tracingMode = try properties.nested("TracingConfig")?.string("Mode")
            settings.deadLetterTargetArn = try properties.nested("DeadLetterConfig")?.string("TargetArn")
        }
        return settings
    }

    /// SAM's `Tracing`: `Active` or `PassThrough`; `Disabled` leaves Lambda's default.
    private func tracingMode(_ properties: PropertyReader) throws(TemplateError) -> String? {
        guard let mode = try properties.string("Tracing") else { return nil }
        switch mode {
        case "Active", "PassThrough": return mode
        case "Disabled": return nil
        default: throw properties.location(of: "Tracing").error("must be Active, PassThrough or Disabled, not \(mode)")
        }
    }

    /// SAM's `DeadLetterQueue: {Type: SQS | SNS, TargetArn}`.
    private func deadLetterQueue(_ properties: PropertyReader) throws(TemplateError) -> String? {
        guard let queue = try properties.nested("DeadLetterQueue") else { return nil }
        let type = try queue.requiredString("Type")
        guard type == "SQS" || type == "SNS" else {
            throw queue.location(of: "Type").error("must be SQS or SNS, not \(type)")
        }
        return try queue.requiredString("TargetArn")
    }

    /// `EventInvokeConfig` of a SAM function, or the properties of an `AWS::Lambda::EventInvokeConfig`.
    ///
    /// SAM creates the queue or topic itself when a destination of `Type: SQS` or `SNS` has no `Destination`; Lamb
    /// gives it a made-up ARN (its dead letters go to Lamb's local sink anyway) and reports it.
    mutating func eventInvokeConfig(_ config: PropertyReader, function logicalId: String) throws(TemplateError)
        -> EventInvokeConfigPatch
    {
        var patch = EventInvokeConfigPatch(
            maximumRetryAttempts: try config.int("MaximumRetryAttempts"),
            maximumEventAgeInSeconds: try config.int("MaximumEventAgeInSeconds"))
        guard let destinations = try config.nested("DestinationConfig") else { return patch }
        patch.hasDestinationConfig = true
        for key in ["OnSuccess", "OnFailure"] {
            guard let destination = try destinations.nested(key) else { continue }
            var arn = try destination.string("Destination")
            if arn == nil, let type = try destination.string("Type") {
                guard type == "SQS" || type == "SNS" else {
                    throw destination.location(of: "Destination").error("is required for Type \(type)")
                }
                arn = generatedDestination(type: type, function: logicalId, key: key)
                note(
                    destination.location.finding(
                        .approximated,
                        "SAM would create this \(type == "SQS" ? "queue" : "topic"); Lamb uses the "
                            + "made-up ARN \(arn ?? "") and delivers to its local sink"))
            }
            if key == "OnSuccess" { patch.onSuccess = arn } else { patch.onFailure = arn }
        }
        return patch
    }

    /// SAM's names for the queue or topic it creates: `<Function>EventInvokeConfigOnFailureQueue`.
    private func generatedDestination(type: String, function: String, key: String) -> String {
        let pseudo = resolver.pseudo
        let name = "\(pseudo.context.stackName)-\(function)EventInvokeConfig\(key)\(type == "SQS" ? "Queue" : "Topic")"
        return "arn:\(pseudo.partition):\(type.lowercased()):\(pseudo.region):\(pseudo.accountId):\(name)"
    }
}
