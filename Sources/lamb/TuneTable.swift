import Foundation
import LambCore

/// `lamb tune`'s table: a row per size, the recommendation and the note.
enum TuneTable {
    static func render(_ report: TuningReport) -> String {
        var table = TextTable(header: [
            "MEMORY", "VCPU", "P50", "P90", "P99", "BILLED", "INIT P50", "MAX MEM", "COST/1M", "ERRORS",
        ])
        for size in report.sizes {
            let mark = size.memorySizeMB == report.recommendedMemorySizeMB ? " <" : ""
            table.rows.append([
                "\(size.memorySizeMB) MB\(size.distinguishable ? "" : "*")\(mark)", String(format: "%.2f", size.vCPUs),
                ms(size.p50DurationMs), ms(size.p90DurationMs), ms(size.p99DurationMs), ms(size.meanBilledDurationMs),
                size.p50InitDurationMs.map(ms) ?? "-", "\(size.maxMemoryUsedMB) MB",
                money(size.costPerMillion, report.currency),
                size.errors == 0 ? "0" : "\(size.errors) \(size.errorTypes.joined(separator: ","))",
            ])
        }
        var text = "\(report.function): \(report.mode) runs, \(report.runsPerSize) per size, strategy "
            + "\(report.strategy.rawValue)\n" + table.render()
        if let memory = report.recommendedMemorySizeMB {
            text += "recommended: \(memory) MB (\(report.reason))\n"
        } else {
            text += "no recommendation: \(report.reason)\n"
        }
        if report.sizes.contains(where: { !$0.distinguishable }) { text += "* not distinguishable on this machine\n" }
        return text + report.note + "\n"
    }

    private static func ms(_ value: Double) -> String { TuningReport.ms(value) }

    private static func money(_ value: Double, _ currency: String) -> String { TuningReport.money(value, currency) }
}
