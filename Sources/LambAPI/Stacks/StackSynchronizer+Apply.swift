import Foundation
import LambCore
import LambEngine
import LambTemplates
import Synchronization

/// Applying one template: layers first (functions refer to their version ARNs), then functions, then what hangs
/// off functions (versions, aliases, invoke configs, permissions), then the removal of functions the template no longer has.
extension StackSynchronizer {
    func apply(_ template: String) async throws(TemplateError) {
        let loader = loader(for: template)
        var stack = try loader.load(path: template)
        let projectRoot = URL(fileURLWithPath: template).deletingLastPathComponent()
        // Refs to layers and versions carry numbers Lamb assigns; the template is resolved again with them.
        var known: [String: String] = [:]
        for layer in stack.layers {
            if let arn = await publish(layer, projectRoot: projectRoot) { known[layer.logicalId] = arn }
        }
        for version in stack.versions {
            if let last = registry.versions(of: version.function).latestPublished {
                known[version.logicalId] = registry.account.functionArn(version.function, qualifier: last.version)
            }
        }
        if !known.isEmpty { stack = try loader.load(path: template, knownReferences: known) }
        let previous = stacks[template]
        if let previous {
            let old = Set(previous.findings.map(\.description))
            for finding in stack.findings where !old.contains(finding.description) { say("  \(finding)") }
        }
        stacks[template] = stack
        statuses.withLock {
            $0[template] = StackStatus(
                stackName: stack.stackName, template: template, functions: [],
                findings: stack.findings.map(\.description))
        }
        var functions: [StackFunctionStatus] = []
        for function in stack.functions {
            functions.append(await sync(function, in: stack, reason: previous == nil ? nil : "template changed"))
        }
        statuses.withLock { $0[template]?.functions = functions }
        await createQueues(stack)
        await syncMappings(stack)
        await removeFunctions(of: stack.stackName, except: Set(stack.functions.map(\.name)))
        await applyVersionResources(stack)
        await applyPermissions(stack, previous: previous)
        routes.update(from: configuration.templates.compactMap { stacks[$0] })
        await schedules?.replace(origin: .template, with: configuration.templates.compactMap { stacks[$0] }.flatMap(\.schedules))
    }

    /// Publishes a layer version when the content differs from the layer's latest one; returns the version's ARN.
    private func publish(_ layer: StackLayer, projectRoot: URL) async -> String? {
        do {
            let code = try packager.package(layer, projectRoot: projectRoot)
            let layers = registry.layers
            if let last = layers.versions(of: layer.name).last, last.code.sha256 == code.sha256,
                last.description == layer.settings.description,
                last.compatibleRuntimes == layer.settings.compatibleRuntimes,
                last.compatibleArchitectures == layer.settings.compatibleArchitectures,
                last.licenseInfo == layer.settings.licenseInfo
            {
                return arn(of: last)
            }
            let published = try await layers.publish(name: layer.name, settings: layer.settings, zip: code.zip)
            say("\(layer.logicalId): published layer version \(published.version)")
            return arn(of: published)
        } catch {
            say("\(layer.logicalId): layer not published: \(Self.describe(error))")
            return nil
        }
    }

    private func arn(of layer: LayerVersion) -> String {
        LayerVersionArn(
            region: registry.account.region, accountId: registry.account.accountId, layerName: layer.name,
            version: layer.version
        ).description
    }

    /// Deletes the functions tagged as this stack's that the template no longer declares.
    private func removeFunctions(of stackName: String, except kept: Set<String>) async {
        for record in registry.allFunctions()
        where record.tags[StackTags.stackName] == stackName && !kept.contains(record.name) {
            do {
                try await registry.delete(name: record.name)
                say("\(record.tags[StackTags.logicalId] ?? record.name): removed from the template, function deleted")
            } catch {
                say("\(record.name): could not be deleted: \(Self.describe(error))")
            }
        }
    }

    /// A user's mistake (a `LambError`) reads as its message; anything else as itself.
    static func describe(_ error: any Error) -> String {
        if let error = error as? LambError { return error.message }
        return "\(error)"
    }
}
