import Foundation
import Hummingbird
import LambCore
import LambEngine
import NIOCore
import Synchronization

/// What `lamb tune` runs on: one invocation of a function at another memory size, on a configuration that exists
/// only for the call. The function is never changed: the tuned definition is a copy with its own pool (its version
/// reads `$LATEST.tune-512`), so its environments never serve the function's callers, nor retire theirs.
///
/// - `POST /_lamb/v1/functions/{name}/tune?memory=M[&cold=1][&Qualifier=Q]`, the event as the body: invokes and
///   answers the run's figures (``TuningRunAnswer``). `cold=1` retires the size's idle environments first, so the run
///   starts a fresh one.
/// - `DELETE /_lamb/v1/functions/{name}/tune?memory=M,M2,…[&Qualifier=Q]`: retires the sizes' environments (the end
///   of a tuning; an interrupted one leaves idle environments that retire as any idle environment does).
extension LambdaAPI {
    func addTuneRoutes(to router: Router<BasicRequestContext>) {
        addTuningReportRoutes(to: router)
        router.post("/_lamb/v1/functions/:name/tune") { request, context in
            await AWSResponse.handling {
                let query = request.uri.queryParameters
                let (_, definition) = try lookUp(context, qualifier: query.get("Qualifier"))
                guard let memory = query.get("memory").flatMap(Int.init),
                    Quotas.memoryRange.contains(memory)
                else {
                    throw LambError.invalidParameter(
                        "memory must be a whole number of MB from \(Quotas.memoryRange.lowerBound) to "
                            + "\(Quotas.memoryRange.upperBound).")
                }
                let tuned = TunedDefinition.make(definition, memorySizeMB: memory)
                if query.get("cold") == "1" { engine.versionDeleted(tuned.name, version: tuned.version) }
                let payload = try await request.body.collect(upTo: Quotas.syncPayloadBytes)
                let response = try await engine.invoke(
                    tuned,
                    InvocationRequest(
                        payload: payload,
                        invokedFunctionArn: registry.account.functionArn(definition.name, qualifier: nil),
                        trigger: .tune))
                let prices = history?.prices ?? .published
                return try AWSResponse.json(
                    TuningRunAnswer(
                        response, memorySizeMB: memory, prices: prices,
                        architecture: definition.settings.architectures.first ?? "x86_64",
                        cpuLimited: engine.sandboxReport.off["cpu limit"] == nil))
            }
        }
        router.delete("/_lamb/v1/functions/:name/tune") { request, context in
            await AWSResponse.handling {
                let query = request.uri.queryParameters
                let (_, definition) = try lookUp(context, qualifier: query.get("Qualifier"))
                let sizes = (query.get("memory") ?? "").split(separator: ",").compactMap { Int($0) }
                for memory in sizes {
                    let tuned = TunedDefinition.make(definition, memorySizeMB: memory)
                    engine.versionDeleted(tuned.name, version: tuned.version)
                }
                return Response(status: .noContent)
            }
        }
    }
}

/// The copy of a function that a tuning run invokes.
enum TunedDefinition {
    static func make(_ definition: FunctionDefinition, memorySizeMB: Int) -> FunctionDefinition {
        var tuned = definition
        tuned.version = "\(definition.version).tune-\(memorySizeMB)"
        tuned.settings.memorySize = memorySizeMB
        // A plain on-demand start at each size: no SnapStart restore of the version's snapshot.
        tuned.settings.snapStartApplyOn = "None"
        return tuned
    }
}

extension TuningRunAnswer {
    init(_ response: InvocationResponse, memorySizeMB: Int, prices: LambdaPrices, architecture: String, cpuLimited: Bool) {
        let report = response.report
        self.init(
            requestId: response.requestId, memorySizeMB: memorySizeMB, coldStart: response.coldStart,
            durationMs: report.durationMs, billedDurationMs: report.billedDurationMs,
            initDurationMs: report.initDurationMs, maxMemoryUsedMB: report.maxMemoryUsedMB,
            errorType: response.functionError == nil ? nil : (response.errorType ?? "Unhandled"),
            cost: prices.requestsPerMillion / 1_000_000 + Double(report.billedDurationMs) / 1000
                * Double(memorySizeMB) / 1024 * prices.architecture(architecture).durationPerGBSecond,
            currency: prices.currency, cpuLimited: cpuLimited,
            hostCores: ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// The last tuning report of each function.
final class TuningReportStore: Sendable {
    private let reports = Mutex<[String: (report: TuningReport, at: Date)]>([:])

    func put(_ report: TuningReport, at: Date = Date()) { reports.withLock { $0[report.function] = (report, at) } }

    func report(_ function: String) -> TuningReport? { reports.withLock { $0[function]?.report } }

    /// Newest first.
    func all() -> [(report: TuningReport, at: Date)] {
        reports.withLock { Array($0.values) }.sorted { $0.at > $1.at }
    }
}

extension LambdaAPI {
    /// - `PUT /_lamb/v1/functions/{name}/tune/report`: `lamb tune` hands its report over (the JSON of
    ///   `lamb tune --output json`).
    /// - `GET /_lamb/v1/tune/reports`: the last report of each function, newest first.
    /// - `GET /_lamb/v1/functions/{name}/tune/chart.svg` and `…/tune/report.html`: the chart and the page.
    func addTuningReportRoutes(to router: Router<BasicRequestContext>) {
        router.put("/_lamb/v1/functions/:name/tune/report") { request, context in
            await AWSResponse.handling {
                let name = try context.parameters.decoded("name")
                let body = try await request.body.collect(upTo: 1_048_576)
                guard var report = try? JSONDecoder().decode(TuningReport.self, from: Data(body.readableBytesView)) else {
                    throw LambError.invalidParameter("The body is not a lamb tune report.")
                }
                report.function = name
                tuningReports.put(report)
                return Response(status: .noContent)
            }
        }
        router.get("/_lamb/v1/tune/reports") { _, _ in
            await AWSResponse.handling {
                struct Entry: Encodable {
                    var at: String
                    var report: TuningReport
                }
                struct Output: Encodable { var reports: [Entry] }
                return try AWSResponse.json(
                    Output(reports: tuningReports.all().map { Entry(at: LambdaTimestamp.iso8601($0.at), report: $0.report) }))
            }
        }
        router.get("/_lamb/v1/functions/:name/tune/chart.svg") { _, context in
            await AWSResponse.handling {
                let report = try storedReport(context)
                return Response(
                    status: .ok, headers: [.contentType: "image/svg+xml"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: report.svg())))
            }
        }
        router.get("/_lamb/v1/functions/:name/tune/report.html") { _, context in
            await AWSResponse.handling {
                let report = try storedReport(context)
                return Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: report.html())))
            }
        }
    }

    private func storedReport(_ context: BasicRequestContext) throws -> TuningReport {
        let name = try context.parameters.decoded("name")
        guard let report = tuningReports.report(name) else {
            throw LambError(.resourceNotFound, "No lamb tune report for function \(name) since this server started.")
        }
        return report
    }
}
