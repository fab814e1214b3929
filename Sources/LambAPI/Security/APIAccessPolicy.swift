import LambAuth
import LambEngine
import LambSandbox
import NIOCore

/// Who may call the Lambda API, decided once per connection when it is accepted.
///
/// - A connection from inside an environment (its owner is one of the sandbox's uids) must sign every request with
///   credentials Lamb accepts — the ones it issued to functions, typically — whatever `--auth` says, and may do only
///   what `--function-api-access` allows.
/// - With `--auth sigv4`, every other connection must sign too, with a key the user configured.
/// - Otherwise the connection is trusted as it is today (loopback by default), and pays nothing per request.
public struct APIAccessPolicy: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        case none
        case sigv4
    }

    /// What environments may do with the Lambda API.
    public enum FunctionAccess: String, Sendable, CaseIterable {
        /// Nothing: every request from an environment is refused.
        case none
        /// Invoke functions (`Invoke`, `InvokeAsync`, `InvokeWithResponseStream`), the common pattern.
        case invoke
        /// Every operation, as with an execution role allowed `lambda:*`.
        case full
    }

    /// What a connection's requests must show.
    enum Requirement: Equatable {
        case nothing
        case signature(fromEnvironment: Bool)
    }

    public var mode: Mode
    public var functionAccess: FunctionAccess
    public let verifier: SignedRequestVerifier
    /// Looks up a connection's owner; replaceable in tests.
    var ownerOf: @Sendable (any Channel) -> UInt32? = { SocketPeer.ownerUID(of: $0) }

    public init(mode: Mode, functionAccess: FunctionAccess, verifier: SignedRequestVerifier) {
        self.mode = mode
        self.functionAccess = functionAccess
        self.verifier = verifier
    }

    func requirement(for channel: any Channel) -> Requirement {
        if let owner = ownerOf(channel), SandboxIdentities.all.contains(owner) {
            return .signature(fromEnvironment: true)
        }
        return mode == .sigv4 ? .signature(fromEnvironment: false) : .nothing
    }

    /// Why a signed request from an environment is still refused, if it is.
    func refusal(environmentRequest method: String, path: Substring, signer: AccessKey) -> AuthFailure? {
        let caller: String
        switch signer.owner {
        case .function(let name): caller = "the execution role of function \(name)"
        case .user: caller = "a user key"
        }
        switch functionAccess {
        case .full:
            return nil
        case .invoke where method == "POST" && Self.isInvocation(path):
            return nil
        case .invoke:
            return AuthFailure(
                type: "AccessDeniedException",
                message: "Calls from functions may only invoke functions (\(caller) asked for \(method) \(path));"
                    + " start Lamb with --function-api-access full to allow every operation.")
        case .none:
            return AuthFailure(
                type: "AccessDeniedException",
                message: "Functions may not call the Lambda API (\(caller)); start Lamb with --function-api-access.")
        }
    }

    /// `Invoke`, `InvokeAsync` and `InvokeWithResponseStream`.
    static func isInvocation(_ path: Substring) -> Bool {
        let parts = path.split(separator: "/")
        guard parts.count == 4, parts[1] == "functions" else { return false }
        switch (parts[0], parts[3]) {
        case ("2015-03-31", "invocations"), ("2014-11-13", "invoke-async"),
            ("2021-11-15", "response-streaming-invocations"):
            return true
        default:
            return false
        }
    }
}
