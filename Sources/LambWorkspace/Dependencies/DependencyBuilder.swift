import Foundation
import LambCore
import LambSandbox

/// Installs a function's dependencies the way `sam build` would — `pip install -r requirements.txt -t DIR` for
/// Python, `npm install --omit=dev` for Node.js — but automatically and cached: an install is keyed by its manifests
/// (``DependencyPlan``), and an unchanged key reuses the earlier result without running anything.
///
/// Commands run with the caller's environment (PATH, HOME, PIP_*, npm_config_*), so the user's own pip and npm
/// configuration (indexes, proxies, credentials) applies; Lamb adds none of its own. They are started through
/// Lamb's spawner and child reaper (Foundation's `Process` would race the reaper), and their output is handed to
/// `progress` line by line.
///
/// Two builds of the same key in this process run once (the second waits and reuses the result). Two Lamb processes
/// sharing one cache directory are not coordinated.
public actor DependencyBuilder {
    public nonisolated let cacheRoot: URL
    private let environment: [String: String]
    private let npm: String?
    /// Keys being installed, with the builds waiting for them.
    private var inFlight: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// - Parameters:
    ///   - cacheRoot: where installs are kept (`<data-dir>/build-cache`).
    ///   - environment: the environment commands run with.
    ///   - npm: the `npm` to run; by default the first on `environment`'s `PATH`.
    public init(cacheRoot: URL, environment: [String: String], npm: String? = nil) {
        self.cacheRoot = cacheRoot
        self.environment = environment
        self.npm = npm ?? ExecutableSearch.find("npm", path: environment["PATH"])
    }

    /// This process's own environment, for a caller that wants installs to see what its shell set.
    public static func currentProcessEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment
    }

    /// Installs (or reuses) the dependencies of `codeDirectory` for `runtime`; `nil` when there is nothing to
    /// install. `python` is the interpreter for a Python runtime (pip runs as `python -m pip`).
    ///
    /// Throws ``DependencyBuildError`` (with the command and its last lines of output) when the install fails, and
    /// `CancellationError` when the task is cancelled (the command is killed).
    public func build(
        codeDirectory: URL, runtime: String, python: String? = nil,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> InstalledDependencies? {
        guard let plan = try DependencyPlan.make(codeDirectory: codeDirectory, runtime: runtime, python: python)
        else { return nil }
        return try await build(plan, progress: progress)
    }

    /// Installs (or reuses) what `plan` says.
    public func build(_ plan: DependencyPlan, progress: @escaping @Sendable (String) -> Void = { _ in })
        async throws -> InstalledDependencies
    {
        // Re-checked after every wait: the build we waited for may have failed, leaving the key to us.
        while inFlight[plan.key] != nil {
            await withCheckedContinuation { inFlight[plan.key, default: []].append($0) }
        }
        let entry = BuildCacheEntry(cacheRoot: cacheRoot, plan: plan)
        func result(reused: Bool) -> InstalledDependencies {
            InstalledDependencies(
                directory: entry.dependencies, manager: plan.manager, key: plan.key, reusedFromCache: reused)
        }
        if entry.isComplete { return result(reused: true) }
        inFlight[plan.key] = []
        defer {
            for waiter in inFlight.removeValue(forKey: plan.key) ?? [] { waiter.resume() }
        }
        try entry.prepare()
        do {
            switch plan.manager {
            case .pip: try await installWithPip(plan, into: entry, progress: progress)
            case .npm: try await installWithNpm(plan, into: entry, progress: progress)
            }
            try entry.markComplete()
        } catch {
            entry.discard()
            throw error
        }
        return result(reused: false)
    }

    // MARK: pip

    private func installWithPip(
        _ plan: DependencyPlan, into entry: BuildCacheEntry, progress: @escaping @Sendable (String) -> Void
    ) async throws {
        guard let python = plan.python else { throw DependencyBuildError("no Python interpreter for \(plan.runtime)") }
        var environment = environment
        // Output as it happens, not in blocks when pip's buffer fills.
        environment["PYTHONUNBUFFERED"] = "1"
        // Lamb often runs as root in containers; pip's warning about it would be every install's last line.
        if environment["PIP_ROOT_USER_ACTION"] == nil { environment["PIP_ROOT_USER_ACTION"] = "ignore" }
        let requirements = plan.codeDirectory.appendingPathComponent("requirements.txt").path
        // `--no-compile`: bytecode for the host's interpreter is no use to the function's, and `sam build` leaves
        // `__pycache__` out of packages anyway.
        let arguments = [
            "-m", "pip", "install", "-r", requirements, "-t", entry.dependencies.path, "--disable-pip-version-check",
            "--no-input", "--no-compile", "--progress-bar", "off",
        ]
        progress("pip install -r requirements.txt (\(plan.runtime))")
        try await run(
            "pip", python, arguments, environment: environment, workingDirectory: plan.codeDirectory,
            progress: progress)
    }

    // MARK: npm

    private func installWithNpm(
        _ plan: DependencyPlan, into entry: BuildCacheEntry, progress: @escaping @Sendable (String) -> Void
    ) async throws {
        guard let npm else {
            throw DependencyBuildError(
                "\(plan.codeDirectory.appendingPathComponent("package.json").path) declares dependencies, but npm "
                    + "was not found on PATH; install Node.js with npm")
        }
        try stageNpmProject(plan, at: entry.npmProject)
        var environment = environment
        // npm is a script run by `node`; a node beside an npm given by path is found even when not on PATH.
        let npmDirectory = URL(fileURLWithPath: npm).deletingLastPathComponent().path
        environment["PATH"] = [npmDirectory, environment["PATH"]].compactMap { $0 }.joined(separator: ":")
        // `--install-links`: a local directory dependency is packed and installed like a tarball, not symlinked to
        // a path outside the function's package.
        let arguments = [
            "install", "--omit=dev", "--no-audit", "--no-fund", "--no-progress", "--no-update-notifier",
            "--install-links",
        ]
        progress("npm install --omit=dev (\(plan.runtime))")
        try await run(
            "npm install", npm, arguments, environment: environment, workingDirectory: entry.npmProject,
            progress: progress)
        let installed = entry.npmProject.appendingPathComponent("node_modules")
        if FileManager.default.fileExists(atPath: installed.path) {
            do {
                try FileManager.default.moveItem(
                    at: installed, to: entry.dependencies.appendingPathComponent("node_modules"))
            } catch {
                throw DependencyBuildError(
                    "cannot move \(installed.path) into the cache: \(error.localizedDescription)")
            }
        }
        try? FileManager.default.removeItem(at: entry.npmProject)
    }

    /// A copy of the project's npm files with local specs made absolute (see ``NodePackageManifest``).
    private func stageNpmProject(_ plan: DependencyPlan, at staging: URL) throws(DependencyBuildError) {
        let code = plan.codeDirectory
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            let manifest = try NodePackageManifest(
                data: Data(contentsOf: code.appendingPathComponent("package.json")), codeDirectory: code)
            try manifest.rewrittenForStaging().write(to: staging.appendingPathComponent("package.json"))
            for name in DependencyPlan.npmProjectFiles {
                guard let bytes = try? Data(contentsOf: code.appendingPathComponent(name)) else { continue }
                let staged = name == ".npmrc" ? bytes : NodePackageManifest.rewriteLockFile(bytes, codeDirectory: code)
                try staged?.write(to: staging.appendingPathComponent(name))
            }
        } catch let error as DependencyBuildError {
            throw error
        } catch {
            throw DependencyBuildError("cannot stage the npm project in \(staging.path): \(error.localizedDescription)")
        }
    }

    // MARK: Commands

    /// Runs one install command; a failure to start or a non-zero exit becomes a ``DependencyBuildError``.
    private func run(
        _ name: String, _ executable: String, _ arguments: [String], environment: [String: String],
        workingDirectory: URL, progress: @escaping @Sendable (String) -> Void
    ) async throws {
        let tail = OutputTail()
        let command = [executable] + arguments
        let exit: ProcessExit
        do {
            exit = try await HelperCommand.run(
                executable, arguments, environment: environment, workingDirectory: workingDirectory.path
            ) { line in
                tail.append(line)
                progress(line)
            }
        } catch let error as SandboxError {
            throw DependencyBuildError(
                "cannot run \(name): \(String(cString: strerror(error.errno)))", command: command)
        }
        switch exit {
        case .exited(code: 0):
            return
        case .exited(let code):
            throw DependencyBuildError(
                "\(name) failed (exit code \(code))", command: command, outputTail: tail.snapshot)
        case .signaled(let signal):
            throw DependencyBuildError(
                "\(name) was killed by signal \(signal)", command: command, outputTail: tail.snapshot)
        case .outOfMemory, .invalidEntrypoint, .invalidWorkingDirectory:
            throw DependencyBuildError("\(name) failed (\(exit))", command: command, outputTail: tail.snapshot)
        }
    }
}
