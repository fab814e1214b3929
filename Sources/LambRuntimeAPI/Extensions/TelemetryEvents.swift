import Foundation
import LambCore

/// The Telemetry API's events (schema `2022-12-13`), as JSON text: `{"time", "type", "record"}` with the record of
/// each type Lambda documents (`platform.start`, `platform.report`, ..., `function`).
public enum TelemetryEvents {
    public static func event(type: String, record: String, at time: Date = Date()) -> String {
        #"{"time":\#(JSONString.quoted(LambdaTimestamp.iso8601(time))),"type":\#(JSONString.quoted(type)),"record":\#(record)}"#
    }

    /// `success`, `timeout`, `error`: the status fields of init, runtimeDone and report records.
    public static func status(_ status: InvocationReport.Status) -> String {
        switch status {
        case .success: "success"
        case .timeout: "timeout"
        case .error: "error"
        }
    }

    static func statusFields(_ status: InvocationReport.Status) -> String {
        var fields = #""status":"\#(Self.status(status))""#
        if case .error(let type) = status { fields += #","errorType":\#(JSONString.quoted(type))"# }
        return fields
    }

    public static func initStart(initializationType: String, runtimeVersion: String, runtimeVersionArn: String,
                                 function: String, version: String) -> String {
        event(type: "platform.initStart", record: #"{"initializationType":\#(JSONString.quoted(initializationType)),"phase":"init","runtimeVersion":\#(JSONString.quoted(runtimeVersion)),"runtimeVersionArn":\#(JSONString.quoted(runtimeVersionArn)),"functionName":\#(JSONString.quoted(function)),"functionVersion":\#(JSONString.quoted(version))}"#)
    }

    public static func initRuntimeDone(initializationType: String, status: InvocationReport.Status) -> String {
        event(type: "platform.initRuntimeDone", record: #"{"initializationType":\#(JSONString.quoted(initializationType)),"phase":"init",\#(statusFields(status))}"#)
    }

    public static func initReport(initializationType: String, status: InvocationReport.Status, durationMs: Double)
        -> String
    {
        event(type: "platform.initReport", record: #"{"initializationType":\#(JSONString.quoted(initializationType)),"phase":"init",\#(statusFields(status)),"metrics":{"durationMs":\#(PlatformLog.milliseconds(durationMs))}}"#)
    }

    public static func start(requestId: String, version: String, traceId: String) -> String {
        event(type: "platform.start", record: #"{"requestId":\#(JSONString.quoted(requestId)),"version":\#(JSONString.quoted(version)),"tracing":{"type":"X-Amzn-Trace-Id","value":\#(JSONString.quoted(traceId))}}"#)
    }

    public static func runtimeDone(requestId: String, status: InvocationReport.Status, durationMs: Double,
                                   producedBytes: Int) -> String {
        event(type: "platform.runtimeDone", record: #"{"requestId":\#(JSONString.quoted(requestId)),\#(statusFields(status)),"metrics":{"durationMs":\#(PlatformLog.milliseconds(durationMs)),"producedBytes":\#(producedBytes)}}"#)
    }

    public static func report(_ report: InvocationReport) -> String {
        var metrics = #""durationMs":\#(PlatformLog.milliseconds(report.durationMs)),"billedDurationMs":\#(report.billedDurationMs),"memorySizeMB":\#(report.memorySizeMB),"maxMemoryUsedMB":\#(report.maxMemoryUsedMB)"#
        if let initMs = report.initDurationMs { metrics += #","initDurationMs":\#(PlatformLog.milliseconds(initMs))"# }
        if let restoreMs = report.restoreDurationMs {
            metrics += #","restoreDurationMs":\#(PlatformLog.milliseconds(restoreMs))"#
        }
        return event(type: "platform.report", record: #"{"requestId":\#(JSONString.quoted(report.requestId)),\#(statusFields(report.status)),"metrics":{\#(metrics)}}"#)
    }

    /// A line the function printed (its record is the line as text).
    public static func function(_ line: String) -> String {
        event(type: "function", record: JSONString.quoted(line))
    }
}
