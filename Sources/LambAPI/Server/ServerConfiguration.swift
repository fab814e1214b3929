import Foundation
import LambCore
import LambEngine
import LambRuntimes
import LambSandbox
import LambAuth
import LambAWS
import LambGatewayAuth

/// Everything `lamb serve` is configured with, built once from flags and environment by the executable.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 9001
    /// The HTTP front door's port (`--gateway-port`, 3000 as `sam local start-api`); function URLs point at it.
    public var gatewayPort = 3000
    /// Listen on the gateway port even when no template route and no function URL needs it yet (`--gateway-port`
    /// given explicitly). Otherwise the gateway listens only when there is something to serve at start-up, so that
    /// several Lamb servers (tests, one per project) do not fight over port 3000.
    public var gatewayAlways = false
    /// `--jwks ISSUER=FILE|URL`: the key sets JWT authorizers check tokens against.
    public var jwks: [JWKSOption] = []
    public var dataDirectory = URL(fileURLWithPath: ".lamb")
    public var engine = EngineConfiguration()
    /// Lambda runtime name → interpreter path, overriding discovery (`--interpreter python3.12=/usr/bin/python3.12`).
    public var interpreterOverrides: [String: String] = [:]
    public var pythonClient: PythonRuntimeClient = .shim
    public var sandboxMode: SandboxMode = .auto
    /// Turn on `favordynmods` on the host's cgroup v2 mount (``CgroupMoveTuning``).
    public var favorCgroupMoves = true
    /// With the Linux sandbox, each environment's /tmp is a disk (``TmpDiskPool``) rather than a tmpfs.
    public var tmpDisks = true
    /// `--network`: the host's network for every environment, or a network namespace each.
    public var network: NetworkMode = .host
    /// The asynchronous invocation queue (`--async-retry-scale`).
    public var async = AsyncQueueConfiguration()
    /// `--schedule-clock-speed`: the scheduler's clock runs this many times faster (a testing aid; 1 is real time).
    public var scheduleClockSpeed = 1.0
    /// `--history-days`, `--history-max`: how much invocation history is kept.
    public var history = InvocationHistory.Retention()
    /// Sample events for the dashboard's invoke form (`lamb generate-event`'s, handed over by `lamb serve`).
    public var eventTemplates: [EventTemplate] = []
    /// `--otel-endpoint URL`: where invocation spans go (OTLP/HTTP), and `--otel-protocol`.
    public var otelEndpoint: String?
    public var otelProtocol = "http/protobuf"
    /// `--prices FILE`: the price table `lamb stats` estimates with.
    public var prices = LambdaPrices.published
    /// SAM / CloudFormation templates to serve (`--template`, `--parameter-overrides`, ...).
    public var stacks = StackConfiguration()
    /// Who may call the Lambda API (`--auth`, `--function-api-access`, ...).
    public var auth = APIAuthConfiguration()
    /// Client timeouts and the connection cap of both HTTP servers (`--client-timeout`, `--idle-timeout`,
    /// `--max-connections`).
    public var connections = ConnectionLimits()
    /// Where event source mappings reach AWS services (`--aws-endpoint`, `--endpoint sqs=URL`).
    public var aws = AWSConfiguration()
    /// Buckets served from local directories (`--s3-dir BUCKET=DIR`), for code in S3.
    public var s3Directories: [String: String] = [:]
    /// Zips standing for other accounts' layer versions (`--layer-dir`), by ARN.
    public var layerFiles: [String: String] = [:]
    /// `--image-dir DIR`: container images kept on disk, looked up before any registry (docs/images.md).
    public var imageDirectory: String?
    /// `--insecure-registry HOST`: registries spoken to over plain HTTP (loopback ones always are).
    public var insecureRegistries: Set<String> = []

    public init() {}

    var databasePath: String { dataDirectory.appendingPathComponent("lamb.sqlite").path }
    var blobsDirectory: URL { dataDirectory.appendingPathComponent("code") }
    var functionsDirectory: URL { dataDirectory.appendingPathComponent("functions") }
    var environmentsDirectory: URL { dataDirectory.appendingPathComponent("envs") }
    var logsDirectory: URL { dataDirectory.appendingPathComponent("logs") }
    var layersDirectory: URL { dataDirectory.appendingPathComponent("layers") }
    var imagesDirectory: URL { dataDirectory.appendingPathComponent("images") }
    /// Dependencies installed for template functions, by manifest hash and runtime.
    var buildCacheDirectory: URL { dataDirectory.appendingPathComponent("build-cache") }
    /// Lamb's Java runtime client, compiled once per version of its sources (`JavaRuntimeBuild`).
    var javaRuntimeDirectory: URL { dataDirectory.appendingPathComponent("java-runtime") }
}

/// `--auth`, `--auth-key`, `--function-api-access`, `--function-credentials`.
public struct APIAuthConfiguration: Sendable {
    /// What functions find in `AWS_ACCESS_KEY_ID` and the other credential variables.
    public enum FunctionCredentialSource: String, Sendable, CaseIterable {
        /// Credentials Lamb issues per function (as Lambda issues the execution role's), valid for this run.
        case issued
        /// The credentials `lamb serve` itself was started with (for functions that call real AWS services).
        case host
    }

    public var mode: APIAccessPolicy.Mode = .none
    /// The keys callers outside environments sign with under `--auth sigv4`.
    public var userKeys: [AccessKey] = []
    public var functionAccess: APIAccessPolicy.FunctionAccess = .invoke
    public var functionCredentials: FunctionCredentialSource = .issued

    public init() {}
}
