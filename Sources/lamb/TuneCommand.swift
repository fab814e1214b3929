import ArgumentParser
import Foundation
import LambCore

/// `lamb tune`: runs a function at several memory sizes on configurations made for the run only (the function is
/// never changed) and reports durations, memory and cost per size, with the size a strategy recommends.
struct TuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Run a function at several memory sizes and recommend one (local power tuning).",
        discussion: """
            Each size runs on a configuration that exists only for the run: the function itself is never changed, \
            and an interrupted tuning leaves only idle environments that retire on their own. Warm by default (a \
            first run per size is discarded); --cold starts a fresh environment for every run. Lamb caps CPU in \
            proportion to memory as Lambda does (1 vCPU at 1,769 MB), so CPU-bound code speeds up with memory; \
            sizes that ask for more CPU than this machine has free are marked as not distinguishable. Figures are \
            local estimates, not Lambda's. Exit codes: 0 done; 2 the server could not be reached or refused the \
            function; 64 invalid arguments.
            """)

    enum Output: String, ExpressibleByArgument, CaseIterable {
        case table, json, html
    }

    @Argument(help: "The function's name.") var function: String
    @Option(help: "Memory sizes in MB, comma-separated.") var memory = "128,256,512,1024,1769,3008"
    @Option(help: "The event as JSON text. Without --payload or --event: {}.") var payload: String?
    @Option(
        name: [.customShort("e"), .customLong("event")],
        help: ArgumentHelp("Read the event from a JSON file ('-' reads stdin).", valueName: "file"))
    var event: String?
    @Option(help: "Measured runs per size.") var runs = 10
    @Flag(help: "A fresh environment (a cold start) for every run.") var cold = false
    @Option(help: "What to recommend: cost, speed or balanced.") var strategy: TuningReport.Strategy = .balanced
    @Option(help: "Runs in flight at once per size.") var parallel = 1
    @Option(help: "table, json (the report's documented JSON) or html (writes the report and prints its path).")
    var output: Output = .table
    @Option(help: "Where to write the HTML report (default: lamb-tune-FUNCTION-TIME.html here); implies it is written.")
    var report: String?
    @Option(help: "A version or alias to tune (default $LATEST).") var qualifier: String?
    @OptionGroup var endpoint: EndpointOptions

    func validate() throws {
        if payload != nil && event != nil {
            throw ValidationError("--payload and --event are exclusive: give the event one way")
        }
        guard (try? sizes()) != nil else {
            throw ValidationError("--memory: whole numbers of MB from 128 to 10240, comma-separated (e.g. 128,512,1769)")
        }
        guard (1...1000).contains(runs) else { throw ValidationError("--runs must be from 1 to 1000") }
        guard (1...100).contains(parallel) else { throw ValidationError("--parallel must be from 1 to 100") }
    }

    func sizes() throws -> [Int] {
        let values = memory.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let sizes = values.compactMap { Int($0) }
        guard !sizes.isEmpty, sizes.count == values.count, sizes.allSatisfy(Quotas.memoryRange.contains) else {
            throw ValidationError("bad --memory")
        }
        return Array(Set(sizes)).sorted()
    }

    func run() async throws {
        try await reportingFailures {
            let sizes = try sizes()
            let body = try eventBody()
            let tuner = Tuner(
                client: endpoint.client(), function: function, qualifier: qualifier, body: body, cold: cold,
                parallel: parallel)
            let freeCores = Self.freeCores()
            var runsBySize: [Int: [TuningReport.Run]] = [:]
            var host = (cores: ProcessInfo.processInfo.activeProcessorCount, cpuLimited: true, currency: "USD")
            do {
                for size in sizes {
                    let progress = ProgressLine(label: String(format: "%5d MB", size), total: runs)
                    let measured = try await tuner.measure(size, runs: runs) { progress.advance() }
                    progress.finish()
                    runsBySize[size] = measured.runs
                    if let figures = measured.host { host = figures }
                }
            } catch {
                await tuner.retire(sizes)
                throw error
            }
            await tuner.retire(sizes)
            let report = TuningReport(
                function: function, strategy: strategy, cold: cold, runsPerSize: runs, currency: host.currency,
                hostCores: host.cores, hostFreeCores: min(freeCores ?? Double(host.cores), Double(host.cores)),
                cpuLimited: host.cpuLimited, runs: runsBySize)
            await tuner.publish(report)
            try show(report)
        }
    }

    private func show(_ report: TuningReport) throws {
        if output == .html || self.report != nil {
            let path = self.report ?? Self.defaultReportPath(function)
            do {
                try report.html().write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw ClientError.input("cannot write \(path): \(error.localizedDescription)")
            }
            if output == .html {
                Console.out(URL(fileURLWithPath: path).standardizedFileURL.path + "\n")
                return
            }
        }
        switch output {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.out(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
        case .table, .html:
            Console.out(TuneTable.render(report))
        }
    }

    static func defaultReportPath(_ function: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "lamb-tune-\(function)-\(formatter.string(from: Date())).html"
    }

    /// This machine's cores minus its one-minute load average, when it can be read.
    static func freeCores() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
            let load = text.split(separator: " ").first.flatMap({ Double($0) })
        else { return nil }
        return max(Double(ProcessInfo.processInfo.activeProcessorCount) - load, 0)
    }

    private func eventBody() throws -> Data {
        if let payload { return Data(payload.utf8) }
        guard let event else { return Data("{}".utf8) }
        if event == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: event))
        } catch {
            throw ClientError.input("cannot read \(event): \(error.localizedDescription)")
        }
    }
}

extension TuningReport.Strategy: ExpressibleByArgument {}
