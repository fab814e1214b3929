/// The lines Lambda's platform writes into a function's log stream, in Lambda's exact shapes (reference §5.3).
public enum PlatformLog {
    public static func start(requestId: String, version: String) -> String {
        "START RequestId: \(requestId) Version: \(version)"
    }

    public static func end(requestId: String) -> String { "END RequestId: \(requestId)" }

    /// `INIT_START Runtime Version: python:3.12.v38\tRuntime Version ARN: arn:aws:lambda:…::runtime:<hex>`
    public static func initStart(runtimeVersion: String, runtimeVersionArn: String) -> String {
        "INIT_START Runtime Version: \(runtimeVersion)\tRuntime Version ARN: \(runtimeVersionArn)"
    }

    /// `REPORT RequestId: …\tDuration: …` with the optional fields in Lambda's order and its trailing TAB.
    public static func report(_ r: InvocationReport) -> String {
        var line = "REPORT RequestId: \(r.requestId)\tDuration: \(milliseconds(r.durationMs)) ms\t"
        line += "Billed Duration: \(r.billedDurationMs) ms\tMemory Size: \(r.memorySizeMB) MB\t"
        line += "Max Memory Used: \(r.maxMemoryUsedMB) MB\t"
        if let initMs = r.initDurationMs {
            line += "Init Duration: \(milliseconds(initMs)) ms\t"
        }
        if let restoreMs = r.restoreDurationMs {
            line += "Restore Duration: \(milliseconds(restoreMs)) ms\t"
            line += "Billed Restore Duration: \(Billing.billedMilliseconds(restoreMs)) ms\t"
        }
        switch r.status {
        case .success: break
        case .timeout: line += "Status: timeout"
        case .error(let type): line += "Status: error\tError Type: \(reportedErrorType(type))"
        }
        return line
    }

    /// `INIT_REPORT Init Duration: … ms\tPhase: init\tStatus: error\tError Type: …`
    public static func initReport(durationMs: Double, phase: String, status: InvocationReport.Status) -> String {
        var line = "INIT_REPORT Init Duration: \(milliseconds(durationMs)) ms\tPhase: \(phase)"
        switch status {
        case .success: break
        case .timeout: line += "\tStatus: timeout"
        case .error(let type): line += "\tStatus: error\tError Type: \(reportedErrorType(type))"
        }
        return line
    }

    /// The `Error Type` of a REPORT or INIT_REPORT line for an error a runtime reported as `type`.
    ///
    /// The platform only reports `Category.Reason` types (`Runtime.ImportModuleError`, `Runtime.ExitError`,
    /// `Function.ResponseSizeTooLarge`, ...). Anything else a runtime names, such as the class of a Python or Node.js
    /// exception raised at import time (`RuntimeError`, `Error`) or Swift's `Unhandled`, is `Runtime.Unknown` in
    /// Lambda's logs, as RIE normalises it too. The invoke payload keeps the runtime's own `errorType`.
    public static func reportedErrorType(_ type: String) -> String {
        let parts = type.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, ["Runtime", "Function", "Sandbox", "Extension"].contains(parts[0]),
            let first = parts[1].unicodeScalars.first, ("A"..."Z").contains(first),
            parts[1].unicodeScalars.allSatisfy({ $0.isASCIILetter })
        else { return "Runtime.Unknown" }
        return type
    }

    /// Two decimals, as every duration in Lambda's platform lines.
    public static func milliseconds(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        let whole = Int(hundredths) / 100
        let fraction = Int(hundredths) % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// The figures of one invocation's REPORT line.
public struct InvocationReport: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case success
        case timeout
        case error(type: String)
    }

    public var requestId: String
    public var durationMs: Double
    public var billedDurationMs: Int
    public var memorySizeMB: Int
    public var maxMemoryUsedMB: Int
    public var initDurationMs: Double?
    public var restoreDurationMs: Double?
    public var status: Status

    public init(
        requestId: String, durationMs: Double, memorySizeMB: Int, maxMemoryUsedMB: Int, initDurationMs: Double? = nil,
        restoreDurationMs: Double? = nil, status: Status = .success
    ) {
        self.requestId = requestId
        self.durationMs = durationMs
        self.memorySizeMB = memorySizeMB
        self.maxMemoryUsedMB = maxMemoryUsedMB
        self.initDurationMs = initDurationMs
        self.restoreDurationMs = restoreDurationMs
        self.status = status
        self.billedDurationMs = Billing.billedMilliseconds(durationMs + (initDurationMs ?? 0))
    }
}
