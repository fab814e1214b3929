import LambCore

/// `AWS::Serverless::Function` and `AWS::Lambda::Function`.
extension StackAssembler {
    mutating func addFunction(_ resource: TemplateResource) throws(TemplateError) {
        let serverless = resource.type == LambdaResourceType.serverlessFunction
        // The name first: when names refer to each other in a circle, the error starts from this function.
        let name = try resolver.physicalName(of: resource)
        let properties = try resolvedProperties(of: resource)
        guard FunctionReference.isValidName(name) else {
            throw properties.location(of: "FunctionName").error(
                "\(name) is not a valid function name ([a-zA-Z0-9-_], 1 to 64 characters)")
        }
        let isImage = try isContainerImage(properties, serverless: serverless)
        let source =
            isImage
            ? try imageSource(properties, resource: resource, serverless: serverless)
            : try codeSource(properties, serverless: serverless)
        if case .s3(let bucket, let key) = source {
            note(
                properties.location(of: serverless ? "CodeUri" : "Code").finding(
                    .skipped,
                    "code on S3 (s3://\(bucket)/\(key)) cannot be fetched locally; the function is not created"))
        }
        var settings = try functionSettings(properties, serverless: serverless, image: isImage)
        if settings.role == nil {
            guard serverless else { throw properties.location(of: "Role").error("is required") }
            settings.role = resolver.implicitRoleArn(of: resource)
        }
        var function = StackFunction(logicalId: resource.logicalId, name: name, code: source, settings: settings)
        function.layerLogicalIds = (settings.layers ?? []).compactMap { layerIdsByArn[$0] }
        function.reservedConcurrency = try properties.int("ReservedConcurrentExecutions")
        function.buildMethod = resource.metadata?["BuildMethod"]?.text
        if serverless {
            try readServerlessExtras(properties, into: &function)
            function.tags = try properties.stringMap("Tags") ?? [:]
            // SAM tags every function it creates.
            function.tags["lambda:createdBy"] = "SAM"
        } else {
            function.tags = try Self.tagList(properties)
        }
        reportProperties(properties, of: resource, except: ["Events"])
        stack.functions.append(function)
    }

    private func isContainerImage(_ properties: PropertyReader, serverless: Bool) throws(TemplateError) -> Bool {
        if try properties.string("PackageType") == "Image" { return true }
        if serverless { return properties.has("ImageUri") }
        return try properties.nested("Code")?.has("ImageUri") ?? false
    }

    /// `ImageUri` (SAM) or `Code.ImageUri` (CloudFormation). Without one, SAM builds the image from `Metadata`
    /// (`DockerContext`, `Dockerfile`, `DockerTag`) with Docker and tags it `<logical id, lowercase>:<DockerTag>`;
    /// Lamb builds nothing, so it looks for that name (in `--image-dir`, where `docker save` can put it).
    private func imageSource(_ properties: PropertyReader, resource: TemplateResource, serverless: Bool)
        throws(TemplateError) -> CodeSource
    {
        let uri =
            serverless ? try properties.string("ImageUri") : try properties.nested("Code")?.string("ImageUri")
        if let uri { return .image(code.imageUri(uri)) }
        let metadata = resource.metadata
        if let tag = metadata?["DockerTag"]?.text ?? (metadata?["DockerContext"] != nil ? "latest" : nil) {
            return .image("\(resource.logicalId.lowercased()):\(tag)")
        }
        throw properties.location(of: serverless ? "ImageUri" : "Code").error(
            "an Image function needs ImageUri (or Metadata DockerContext and DockerTag, for an image built by sam build)")
    }

    /// `CodeUri` / `InlineCode` (SAM) or `Code` (CloudFormation).
    private func codeSource(_ properties: PropertyReader, serverless: Bool) throws(TemplateError) -> CodeSource {
        if serverless {
            if let inline = try properties.string("InlineCode") {
                if properties.has("CodeUri") {
                    throw properties.location(of: "InlineCode").error("a function has CodeUri or InlineCode, not both")
                }
                return .inline(inline)
            }
            // SAM CLI takes the template's own directory when CodeUri is left out.
            guard let uri = properties.value("CodeUri") else {
                return try code.localPath(".", at: properties.location(of: "CodeUri"))
            }
            return try code.source(uri, at: properties.location(of: "CodeUri"))
        }
        guard let raw = properties.value("Code") else { throw properties.location(of: "Code").error("is required") }
        let location = properties.location(of: "Code")
        // A path (as `sam` allows in place of the S3 location) or an s3:// URI.
        if raw.text != nil { return try code.source(raw, at: location) }
        let codeProperties = try PropertyReader(raw, at: location)
        if let inline = try codeProperties.string("ZipFile") { return .inline(inline) }
        return try code.source(raw, at: location)
    }

    /// CloudFormation writes tags as `[{Key, Value}]`.
    private static func tagList(_ properties: PropertyReader) throws(TemplateError) -> [String: String] {
        guard let raw = properties.value("Tags") else { return [:] }
        guard case .list(let items) = raw else { return try properties.stringMap("Tags") ?? [:] }
        var tags: [String: String] = [:]
        for (index, item) in items.enumerated() {
            let tag = try PropertyReader(item, at: properties.location(of: "Tags").appending(index: index))
            tags[try tag.requiredString("Key")] = try tag.string("Value") ?? ""
        }
        return tags
    }

    /// What only SAM functions have: the auto-published alias and its provisioned concurrency, the asynchronous
    /// invocation config, and the events.
    private mutating func readServerlessExtras(_ properties: PropertyReader, into function: inout StackFunction)
        throws(TemplateError)
    {
        if let alias = try properties.string("AutoPublishAlias") {
            guard !alias.isEmpty, alias.unicodeScalars.allSatisfy(\.isASCIIAlphanumeric) else {
                throw properties.location(of: "AutoPublishAlias").error(
                    "\(alias) must be alphanumeric, as SAM requires")
            }
            function.autoPublishAlias = alias
        }
        if let provisioned = try properties.nested("ProvisionedConcurrencyConfig") {
            guard function.autoPublishAlias != nil else {
                throw provisioned.location.error("needs AutoPublishAlias (SAM puts it on the alias)")
            }
            function.provisionedConcurrency = try provisioned.int("ProvisionedConcurrentExecutions")
        }
        if let config = try properties.nested("EventInvokeConfig") {
            function.eventInvokeConfig = try eventInvokeConfig(config, function: function.logicalId)
        }
        if let events = try properties.nested("Events") {
            for entry in events.entries {
                let event = try PropertyReader(entry.value, at: events.location(of: entry.key))
                let type = try event.requiredString("Type")
                function.events.append(
                    StackFunctionEvent(name: entry.key, type: type, properties: event.value("Properties") ?? .map([])))
                let support = PropertyCatalog.event(type)
                if let treatment = support.treatment { note(event.location.finding(treatment, support.detail)) }
                try checkHTTPEvent(type: type, event)
                try addScheduleEvent(type: type, eventName: entry.key, event, function: function)
                try addEventSourceEvent(type: type, eventName: entry.key, event, function: function)
            }
        }
        if let url = try properties.nested("FunctionUrlConfig") {
            function.functionURL = try functionURL(url)
        }
    }
}
