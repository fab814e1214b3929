import Foundation
import LambCore
import LambRuntimes
import LambSandbox
import NIOCore
import NIOPosix

/// Settings of the engine, built once from flags by the executable.
public struct EngineConfiguration: Sendable {
    public var account = AccountContext()
    /// Idle environments are shut down after this long.
    public var keepAlive: Duration = .seconds(600)
    /// Idle environments are also shut down, least recently used first, while the host's free memory is short.
    public var memoryPressure = MemoryPressurePolicy()
    public var initTimeout: Duration = .seconds(Quotas.initTimeoutSeconds)
    /// How long a runtime gets between SIGTERM and SIGKILL.
    public var shutdownGrace: Duration = .milliseconds(500)
    /// `PATH` for runtimes (Lambda's own PATH points into its image; Lamb uses the host's).
    public var hostPath = "/usr/local/bin:/usr/bin:/bin"
    /// Credentials handed to functions as `AWS_ACCESS_KEY_ID`, ... (Lambda hands the execution role's).
    public var credentials: [String: String] = [:]
    /// Credentials issued to each function instead (``credentials`` is used when this is nil): the function's name
    /// → its variables.
    public var functionCredentials: (@Sendable (_ function: String) -> [String: String])?
    /// Extra variables every runtime gets unless the function sets them itself (`AWS_ENDPOINT_URL_LAMBDA`, known
    /// once the API listens).
    public var defaultVariables: @Sendable () -> [String: String] = { [:] }
    /// The account concurrency limit (Lambda's default is 1000).
    public var concurrencyLimit = Quotas.defaultAccountConcurrency
    /// New environments a function may start per `scaleOutPeriod`; `nil` turns the limit off.
    public var scaleOutLimit: Int? = 1000
    public var scaleOutPeriod: Duration = .seconds(10)
    /// The most spares (environments forked ahead, see docs/versions.md) a SnapStart version keeps; 0 forks every
    /// restore when it is asked for.
    public var snapStartSpares = 16
    /// Told about every invocation when it ends or is refused (the history, metrics). Called on the invocation's
    /// path: it must only hand the record on.
    public var invocationObserver: (@Sendable (InvocationRecord) -> Void)?
    /// Local directories standing for EFS access points (`--efs-map ARN=DIR`): a function whose `FileSystemConfigs`
    /// names one sees the directory, read-write, at its `LocalMountPath`.
    public var fileSystems: [String: String] = [:]

    public init() {}
}

/// Gives the engine the unpacked code of a function version (implemented over the code store).
public protocol CodeDirectoryProvider: Sendable {
    func directory(for definition: FunctionDefinition) async throws -> String
    /// The function's layers merged into one directory (its `/opt`), or `nil` when it has none.
    func layersDirectory(for definition: FunctionDefinition) async throws -> String?
    /// The host path of an image function's unpacked root file system (pulled again if the cache lost it); `nil`
    /// where there is no image cache.
    func imageRoot(for definition: FunctionDefinition) async throws -> String?
}

extension CodeDirectoryProvider {
    public func layersDirectory(for definition: FunctionDefinition) async throws -> String? { nil }
    public func imageRoot(for definition: FunctionDefinition) async throws -> String? { nil }
}

/// What environments need from the engine: shared, immutable.
struct EngineContext: Sendable {
    let configuration: EngineConfiguration
    let sandbox: any SandboxDriver
    let runtimes: RuntimeCatalog
    let code: any CodeDirectoryProvider
    let logs: FunctionLogArchive
    let eventLoopGroup: any EventLoopGroup
    /// Reads environments' output pipes.
    let output: OutputPump
    /// Tells when processes that are not Lamb's children (restored runtimes) end.
    let exits: ProcessExitWatcher
    let clock: EngineClock
}

extension EngineContext {
    /// The loop of the current thread when it is one of the engine's (a request pinned to its connection's loop),
    /// else the group's next: an environment started for a request then serves that request's connection without a
    /// thread hand-off.
    func currentOrNextEventLoop() -> any EventLoop {
        if let current = MultiThreadedEventLoopGroup.currentEventLoop,
            eventLoopGroup.makeIterator().contains(where: { $0 === current })
        {
            return current
        }
        return eventLoopGroup.next()
    }
}
