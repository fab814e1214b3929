import Foundation
import LambCore
import LambTemplates

/// A template's event source mappings (its functions' `SQS`, `Kinesis` and `DynamoDB` events and its
/// `AWS::Lambda::EventSourceMapping` resources), made, changed and removed with the template. Each carries its owner
/// (`STACK/LOGICAL-ID`) so that a restart or an edit finds it again; its UUID is derived from the owner and the
/// source, so it is the same on every machine that loads the template.
extension StackSynchronizer {
    func syncMappings(_ stack: LoadedStack) async {
        guard let mappings = eventSources?.mappings else { return }
        let prefix = "\(stack.stackName)/"
        var declaredOwners: Set<String> = []
        for declared in stack.eventSourceMappings {
            let owner = prefix + declared.logicalId
            declaredOwners.insert(owner)
            let patch = Self.patch(declared)
            let reference = FunctionReference(name: declared.functionName, qualifier: declared.qualifier)
            let current = mappings.all().first { $0.owner == owner && $0.state != .deleting }
            do {
                // A new source replaces the mapping, as CloudFormation does (its checkpoints belong to the old one).
                if let current, current.eventSourceArn != declared.eventSourceArn {
                    _ = try await mappings.delete(current.uuid)
                } else if let current {
                    try await update(current, to: patch, reference, owner: owner, mappings)
                    continue
                }
                let made = try await mappings.create(
                    patch, function: reference, owner: owner,
                    uuid: Self.mappingUUID(owner: owner, source: declared.eventSourceArn))
                say("\(declared.logicalId): event source mapping \(made.uuid) from \(made.eventSourceArn)")
            } catch {
                say("\(declared.logicalId): event source mapping not made: \(Self.describe(error))")
            }
        }
        for mapping in mappings.all()
        where mapping.owner?.hasPrefix(prefix) == true && !declaredOwners.contains(mapping.owner ?? "") {
            _ = try? await mappings.delete(mapping.uuid)
            say("\(mapping.owner?.dropFirst(prefix.count) ?? ""): event source mapping \(mapping.uuid) deleted")
        }
    }

    /// The template changed the mapping: its settings become what the template now says (Lambda's defaults for
    /// what it no longer says), unless they already are.
    private func update(
        _ current: EventSourceMapping, to patch: EventSourceMappingPatch, _ reference: FunctionReference,
        owner: String, _ mappings: EventSourceMappings
    ) async throws {
        var desired = try EventSourceMappings.newMapping(patch, function: reference, uuid: current.uuid)
        desired.owner = owner
        guard !desired.hasSameSettings(as: current) else { return }
        desired.state = desired.enabled == current.enabled ? .updating : (desired.enabled ? .enabling : .disabling)
        desired.lastProcessingResult = current.lastProcessingResult
        try await mappings.save(desired)
        say("\(owner.split(separator: "/").last ?? ""): event source mapping \(current.uuid) updated")
    }

    static func patch(_ declared: StackEventSourceMapping) -> EventSourceMappingPatch {
        EventSourceMappingPatch(
            eventSourceArn: declared.eventSourceArn, functionName: declared.functionName, enabled: declared.enabled,
            batchSize: declared.batchSize, maximumBatchingWindowInSeconds: declared.maximumBatchingWindowInSeconds,
            functionResponseTypes: declared.functionResponseTypes, filterPatterns: declared.filterPatterns,
            maximumConcurrency: declared.maximumConcurrency.map { .some($0) },
            startingPosition: declared.startingPosition,
            startingPositionTimestamp: declared.startingPositionTimestamp.map(Date.init(timeIntervalSince1970:)),
            parallelizationFactor: declared.parallelizationFactor, maximumRetryAttempts: declared.maximumRetryAttempts,
            maximumRecordAgeInSeconds: declared.maximumRecordAgeInSeconds,
            bisectBatchOnFunctionError: declared.bisectBatchOnFunctionError,
            onFailureDestination: declared.onFailureDestination.map { .some($0) },
            tumblingWindowInSeconds: declared.tumblingWindowInSeconds)
    }

    /// A UUID from the owner and the source: the same for the same template everywhere.
    static func mappingUUID(owner: String, source: String) -> String {
        let hex = SHA256.hash(Array("\(owner)\n\(source)".utf8)).prefix(16).map {
            ($0 < 16 ? "0" : "") + String($0, radix: 16)
        }.joined()
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map {
            String(hex.dropFirst($0.lowerBound).prefix($0.count))
        }.joined(separator: "-")
    }
}
