import Foundation
import LambCore

/// A function's `SQS`, `Kinesis` and `DynamoDB` events and `AWS::Lambda::EventSourceMapping` resources, read into
/// ``LoadedStack/eventSourceMappings``; `AWS::SQS::Queue` resources into ``LoadedStack/queues``.
extension StackAssembler {
    /// The property naming the source in each SAM event type.
    private static let sourceProperty = ["SQS": "Queue", "Kinesis": "Stream", "DynamoDB": "Stream"]

    /// Properties of mappings Lamb reads but does not act on, with why.
    private static let unusedMappingProperties: [String: String] = [
        "KmsKeyArn": "filter criteria are not encrypted locally",
        "MetricsConfig": "Lamb does not publish CloudWatch metrics",
        "ProvisionedPollerConfig": "Lamb scales its pollers itself",
        "Tags": "mapping tags are not stored",
        "SourceAccessConfigurations": "only for Kafka, MQ and DocumentDB sources, which Lamb does not poll",
        "Topics": "only for Kafka sources, which Lamb does not poll",
        "Queues": "only for MQ sources, which Lamb does not poll",
    ]

    mutating func addEventSourceEvent(
        type: String, eventName: String, _ event: PropertyReader, function: StackFunction
    ) throws(TemplateError) {
        guard let sourceKey = Self.sourceProperty[type] else { return }
        let properties =
            try event.nested("Properties") ?? PropertyReader(entries: [], at: event.location(of: "Properties"))
        var mapping = StackEventSourceMapping(
            logicalId: "\(function.logicalId)\(eventName)", functionName: function.name,
            qualifier: function.autoPublishAlias, eventSourceArn: try properties.requiredString(sourceKey))
        try readMappingSettings(properties, into: &mapping)
        try appendMapping(mapping, at: properties.location)
    }

    mutating func addEventSourceMappingResource(_ resource: TemplateResource) throws(TemplateError) {
        let properties = try resolvedProperties(of: resource)
        let raw = try properties.requiredString("FunctionName")
        let reference: FunctionReference
        do {
            reference = try FunctionReference.parse(raw)
        } catch {
            throw properties.location(of: "FunctionName").error("\(raw) is not a function name or ARN")
        }
        var mapping = StackEventSourceMapping(
            logicalId: resource.logicalId, functionName: reference.name,
            qualifier: reference.qualifier.map(Self.versionNumber),
            eventSourceArn: try properties.requiredString("EventSourceArn"))
        try readMappingSettings(properties, into: &mapping)
        try appendMapping(mapping, at: properties.location)
    }

    mutating func addQueue(_ resource: TemplateResource) throws(TemplateError) {
        let properties = try resolvedProperties(of: resource)
        report(resource, PropertyCatalog.resourceType(resource.type))
        let name = try resolver.physicalName(of: resource)
        var attributes: [String: String] = [:]
        for entry in properties.entries where !["QueueName", "Tags"].contains(entry.key) {
            switch entry.value {
            case .map, .list: attributes[entry.key] = JSONText.encode(entry.value)
            default: if let text = entry.value.text { attributes[entry.key] = text }
            }
        }
        stack.queues.append(StackQueue(logicalId: resource.logicalId, name: name, attributes: attributes))
    }

    private mutating func appendMapping(_ mapping: StackEventSourceMapping, at location: TemplateLocation)
        throws(TemplateError)
    {
        if stack.eventSourceMappings.contains(where: { $0.logicalId == mapping.logicalId }) {
            throw location.error("a mapping named \(mapping.logicalId) already exists")
        }
        stack.eventSourceMappings.append(mapping)
    }

    /// The settings SAM events and the resource share, typed; Lambda's own checks run when the mapping is made.
    private mutating func readMappingSettings(_ properties: PropertyReader, into mapping: inout StackEventSourceMapping)
        throws(TemplateError)
    {
        mapping.enabled = try properties.bool("Enabled")
        mapping.batchSize = try properties.int("BatchSize")
        mapping.maximumBatchingWindowInSeconds = try properties.int("MaximumBatchingWindowInSeconds")
        mapping.functionResponseTypes = try properties.strings("FunctionResponseTypes")
        mapping.startingPosition = try properties.string("StartingPosition")
        mapping.startingPositionTimestamp = try properties.double("StartingPositionTimestamp")
        mapping.parallelizationFactor = try properties.int("ParallelizationFactor")
        mapping.maximumRetryAttempts = try properties.int("MaximumRetryAttempts")
        mapping.maximumRecordAgeInSeconds = try properties.int("MaximumRecordAgeInSeconds")
        mapping.bisectBatchOnFunctionError = try properties.bool("BisectBatchOnFunctionError")
        mapping.tumblingWindowInSeconds = try properties.int("TumblingWindowInSeconds")
        if let scaling = try properties.nested("ScalingConfig") {
            mapping.maximumConcurrency = try scaling.int("MaximumConcurrency")
        }
        if let destinations = try properties.nested("DestinationConfig"),
            let onFailure = try destinations.nested("OnFailure")
        {
            mapping.onFailureDestination = try onFailure.string("Destination")
        }
        if let criteria = try properties.nested("FilterCriteria") {
            mapping.filterPatterns = try filterPatterns(criteria)
        }
        for (key, detail) in Self.unusedMappingProperties.sorted(by: { $0.key < $1.key }) where properties.has(key) {
            note(properties.location(of: key).finding(.ignored, detail))
        }
    }

    /// `Filters: [{Pattern: '{"body": ...}'}]`: each pattern is a JSON text, as CloudFormation requires.
    private func filterPatterns(_ criteria: PropertyReader) throws(TemplateError) -> [String] {
        guard let value = criteria.value("Filters"), value != .null else { return [] }
        guard case .list(let filters) = value else {
            throw criteria.location(of: "Filters").error("must be a list, not \(value.kindName)")
        }
        var patterns: [String] = []
        for (index, filter) in filters.enumerated() {
            let location = criteria.location(of: "Filters").appending(index: index)
            let reader = try PropertyReader(filter, at: location)
            guard let pattern = reader.value("Pattern"), let text = pattern.text else {
                throw location.appending("Pattern", line: nil).error(
                    "must be a string holding the JSON pattern (quote it), as CloudFormation requires")
            }
            patterns.append(text)
        }
        return patterns
    }
}
