import Foundation
import LambCore
import LambEngine
import LambTemplates
import LambWorkspace
import Synchronization

/// Keeps Lamb's functions in step with the templates `lamb serve` was given: creates, updates and removes the
/// functions, layers, versions and aliases each template declares, and applies edits (code or template) while Lamb
/// serves. Every change goes through ``FunctionRegistry``, so template functions are ordinary functions to the
/// Lambda API.
///
/// A template that fails to load at start-up stops Lamb (nothing half-loaded); one that fails on a reload is
/// reported and the last good state keeps serving. A function that fails to build is reported and skipped; the
/// others serve.
public actor StackSynchronizer {
    let registry: FunctionRegistry
    let configuration: StackConfiguration
    let packager: StackCodePackager
    let overrides: EnvironmentOverrides
    /// The gateway's routes, rebuilt from the stacks after every change.
    let routes: GatewayRouteSource
    /// The scheduler, given the stacks' `Schedule` / `ScheduleV2` events after every change.
    let schedules: ScheduleRunner?
    /// The template's queues and event source mappings are made through these (`nil`: none are made).
    let eventSources: StackEventSources?
    /// One line per event (a change applied, a build failing), to the terminal.
    let say: @Sendable (String) -> Void
    /// The last stack each template loaded to, by template path.
    var stacks: [String: LoadedStack] = [:]
    /// Each template's functions as last synchronised, for `/_lamb/v1/stacks` (read without waiting on the actor).
    nonisolated let statuses = Mutex([String: StackStatus]())

    init(
        registry: FunctionRegistry, configuration: StackConfiguration, routes: GatewayRouteSource,
        packager: StackCodePackager, overrides: EnvironmentOverrides, schedules: ScheduleRunner? = nil,
        eventSources: StackEventSources? = nil, say: @escaping @Sendable (String) -> Void
    ) {
        self.schedules = schedules
        self.eventSources = eventSources
        self.registry = registry
        self.routes = routes
        self.configuration = configuration
        self.packager = packager
        self.overrides = overrides
        self.say = say
    }

    /// Every served template's status, in the order the templates were given.
    public nonisolated func currentStatus() -> [StackStatus] {
        let all = statuses.withLock { $0 }
        return configuration.templates.compactMap { all[$0] }
    }

    /// Loads and applies every template. Throws when one cannot be loaded or, with `--strict`, has findings.
    public func start() async throws(StackStartError) {
        var loadedStacks: [(String, LoadedStack)] = []
        for template in configuration.templates {
            do {
                let stack = try loader(for: template).load(path: template)
                if configuration.strict, !stack.findings.isEmpty {
                    throw StackStartError.strict(template: template, findings: stack.findings)
                }
                loadedStacks.append((template, stack))
            } catch let error as TemplateError {
                throw StackStartError.template(error)
            } catch let error as StackStartError {
                throw error
            } catch {
                throw StackStartError.template(TemplateError(file: template, message: "\(error)"))
            }
        }
        try checkNameClashes(loadedStacks.map(\.1))
        for (template, _) in loadedStacks {
            do {
                try await apply(template)
            } catch {
                throw StackStartError.template(error)
            }
        }
    }

    /// Re-reads `template` and applies what changed. On failure the last good state keeps serving.
    func reload(_ template: String) async {
        do {
            try await apply(template)
        } catch {
            say("\(URL(fileURLWithPath: template).lastPathComponent): not reloaded, the last good version keeps serving: \(error)")
        }
    }

    /// Applies edits under `paths`: a template reloads its stack; a code directory repackages its functions;
    /// anything under a layer's directory reloads the stack (the layer gets a new version).
    func filesChanged(_ paths: [String]) async {
        var reloads = Set<String>()
        var functions: [String: Set<String>] = [:]
        for path in paths {
            for (template, stack) in stacks {
                if path == template { reloads.insert(template); continue }
                if stack.layers.contains(where: { Self.contains($0.content, path) }) { reloads.insert(template) }
                for function in stack.functions where Self.contains(function.code, path) {
                    functions[template, default: []].insert(function.logicalId)
                }
            }
        }
        for template in configuration.templates where reloads.contains(template) { await reload(template) }
        for (template, logicalIds) in functions where !reloads.contains(template) {
            guard let stack = stacks[template] else { continue }
            for function in stack.functions where logicalIds.contains(function.logicalId) {
                let status = await sync(function, in: stack, reason: "code changed")
                record(status, template: template)
            }
        }
    }

    /// What the edit loop watches.
    struct WatchedPaths: Equatable {
        var directories: [String]
        var files: [String]
    }

    /// Each template, and every code and layer directory.
    func watchedPaths() -> WatchedPaths {
        var directories = Set<String>()
        for stack in stacks.values {
            for function in stack.functions { if case .directory(let d) = function.code { directories.insert(d) } }
            for layer in stack.layers { if case .directory(let d) = layer.content { directories.insert(d) } }
        }
        return WatchedPaths(directories: directories.sorted(), files: configuration.templates)
    }

    func loader(for template: String) -> TemplateLoader {
        TemplateLoader(
            context: TemplateContext(
                account: registry.account, stackName: configuration.stackName(for: template),
                parameterOverrides: configuration.parameterOverrides))
    }

    private static func contains(_ source: CodeSource, _ path: String) -> Bool {
        guard case .directory(let directory) = source else { return false }
        return path == directory || path.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
    }

    /// Two stacks may not declare the same function name (on AWS the second stack's deploy would fail).
    private func checkNameClashes(_ loaded: [LoadedStack]) throws(StackStartError) {
        var owners: [String: String] = [:]
        for stack in loaded {
            for function in stack.functions {
                if let other = owners[function.name] {
                    throw StackStartError.template(
                        TemplateError(
                            file: stack.templatePath, logicalId: function.logicalId,
                            message: "function name \(function.name) is also declared by \(other)"))
                }
                owners[function.name] = stack.templatePath
            }
        }
    }

    func record(_ status: StackFunctionStatus, template: String) {
        statuses.withLock { all in
            guard var stack = all[template] else { return }
            if let index = stack.functions.firstIndex(where: { $0.logicalId == status.logicalId }) {
                stack.functions[index] = status
            }
            all[template] = stack
        }
    }
}

/// Why `lamb serve` cannot start with its templates.
public enum StackStartError: Error, CustomStringConvertible {
    case template(TemplateError)
    /// `--strict` and the template has findings.
    case strict(template: String, findings: [TemplateFinding])

    public var description: String {
        switch self {
        case .template(let error): "\(error)"
        case .strict(let template, let findings):
            "\(template): --strict: \(findings.count) unsupported item(s):\n"
                + findings.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
