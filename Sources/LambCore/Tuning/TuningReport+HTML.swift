import Foundation

extension TuningReport {
    /// A self-contained HTML page (no script, no outside file): the chart of p50 duration and cost per invocation
    /// against memory, the recommended size marked, and the table of every figure.
    public func html() -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>lamb tune \(Self.escape(function))</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;color:#1b1f24;background:#fff;margin:24px auto;max-width:960px;padding:0 16px}
        h1{font-size:1.4em}svg{width:100%;height:auto;border:1px solid #d0d7de}
        table{border-collapse:collapse;width:100%;margin-top:16px;font-variant-numeric:tabular-nums}
        th,td{border-bottom:1px solid #d0d7de;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
        .rec{background:#fff3c4;font-weight:600}.note{color:#424a53}
        </style></head><body>
        <h1>Power tuning of <code>\(Self.escape(function))</code></h1>
        <p>Strategy <b>\(strategy.rawValue)</b>, \(mode) runs, \(runsPerSize) per size. \(recommendationText)</p>
        \(chart())
        \(table())
        <p class="note">\(Self.escape(note))</p>
        </body></html>

        """
    }

    private var recommendationText: String {
        guard let memory = recommendedMemorySizeMB else { return "No recommendation: \(Self.escape(reason))." }
        return "Recommended: <b>\(memory) MB</b> (\(Self.escape(reason)))."
    }

    private func table() -> String {
        var rows = ""
        for size in sizes {
            let marked = size.memorySizeMB == recommendedMemorySizeMB ? " class=\"rec\"" : ""
            let errors = size.errors == 0 ? "0" : "\(size.errors) (\(Self.escape(size.errorTypes.joined(separator: ", "))))"
            rows += "<tr\(marked)><td>\(size.memorySizeMB) MB\(size.distinguishable ? "" : " *")</td>"
                + "<td>\(Self.ms(size.p50DurationMs))</td><td>\(Self.ms(size.p90DurationMs))</td>"
                + "<td>\(Self.ms(size.p99DurationMs))</td><td>\(Self.ms(size.meanBilledDurationMs))</td>"
                + "<td>\(size.p50InitDurationMs.map(Self.ms) ?? "–")</td><td>\(size.maxMemoryUsedMB) MB</td>"
                + "<td>\(Self.money(size.costPerMillion, currency))</td><td>\(errors)</td></tr>\n"
        }
        return """
            <table><caption>Per memory size (* not distinguishable on this machine)</caption>
            <thead><tr><th scope="col">Memory</th><th scope="col">p50</th><th scope="col">p90</th><th scope="col">p99</th>
            <th scope="col">Billed (mean)</th><th scope="col">Init p50</th><th scope="col">Max memory used</th>
            <th scope="col">Cost per million</th><th scope="col">Errors</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            """
    }

    /// The chart alone, as an SVG document (the dashboard shows it as an image).
    public func svg() -> String { chart() }

    /// Sizes spaced evenly along x; the p50 duration on the left axis, the cost per million on the right one.
    private func chart() -> String {
        let width = 900.0, height = 420.0
        let left = 90.0, right = 100.0, top = 30.0, bottom = 70.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let maxLatency = max(sizes.map(Self.latency).max() ?? 0, 0.001) * 1.1
        let maxCost = max(sizes.map(\.costPerMillion).max() ?? 0, 1e-9) * 1.1
        func x(_ index: Int) -> Double {
            sizes.count < 2 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(sizes.count - 1)
        }
        func y(_ value: Double, _ maximum: Double) -> Double { top + plotHeight * (1 - value / maximum) }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "role=\"img\" aria-labelledby=\"chart-title\">"
            + "<title id=\"chart-title\">p50 duration and cost per million invocations against memory size</title>"
            + "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"#f6f8fa\"/>"
        for step in 0...4 {
            let fraction = Double(step) / 4
            let yy = top + plotHeight * (1 - fraction)
            svg += "<line x1=\"\(left)\" y1=\"\(yy)\" x2=\"\(left + plotWidth)\" y2=\"\(yy)\" stroke=\"#d0d7de\"/>"
            svg += Self.text(left - 8, yy + 4, Self.ms(maxLatency * fraction), anchor: "end", color: "#0550ae")
            svg += Self.text(
                left + plotWidth + 8, yy + 4, Self.money(maxCost * fraction, currency), anchor: "start",
                color: "#953800")
        }
        if let recommended = sizes.firstIndex(where: { $0.memorySizeMB == recommendedMemorySizeMB }) {
            svg += "<line x1=\"\(x(recommended))\" y1=\"\(top)\" x2=\"\(x(recommended))\" y2=\"\(top + plotHeight)\" "
                + "stroke=\"#1a7f37\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
            svg += Self.text(x(recommended), top - 10, "recommended: \(sizes[recommended].memorySizeMB) MB", color: "#1a7f37")
        }
        for (index, size) in sizes.enumerated() {
            svg += Self.text(x(index), top + plotHeight + 20, "\(size.memorySizeMB)\(size.distinguishable ? "" : "*")")
        }
        let latencyPoints = sizes.enumerated().map { "\(x($0.offset)),\(y(Self.latency($0.element), maxLatency))" }
        let costPoints = sizes.enumerated().map { "\(x($0.offset)),\(y($0.element.costPerMillion, maxCost))" }
        svg += Self.series(latencyPoints, color: "#0550ae", dashed: false)
        svg += Self.series(costPoints, color: "#953800", dashed: true)
        svg += Self.text(left + plotWidth / 2, height - 20, "Memory size (MB)")
        svg += "<text transform=\"translate(20 \(top + plotHeight / 2)) rotate(-90)\" text-anchor=\"middle\" "
            + "fill=\"#0550ae\" font-size=\"14\">p50 duration\(mode == "cold" ? " + init" : "") (ms), solid</text>"
        svg += "<text transform=\"translate(\(width - 14) \(top + plotHeight / 2)) rotate(90)\" text-anchor=\"middle\" "
            + "fill=\"#953800\" font-size=\"14\">Cost per million invocations (\(Self.escape(currency))), dashed</text>"
        return svg + "</svg>"
    }

    private static func series(_ points: [String], color: String, dashed: Bool) -> String {
        var svg = "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"\(dashed ? " stroke-dasharray=\"8 5\"" : "") "
            + "points=\"\(points.joined(separator: " "))\"/>"
        for point in points {
            let xy = point.split(separator: ",")
            svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"4\" fill=\"\(color)\"/>"
        }
        return svg
    }

    private static func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "middle", color: String = "#1b1f24")
        -> String
    {
        "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" fill=\"\(color)\" font-size=\"13\">\(escape(content))</text>"
    }

    /// Milliseconds as the report prints them.
    public static func ms(_ value: Double) -> String {
        value >= 100 ? String(format: "%.0f ms", value) : String(format: "%.1f ms", value)
    }

    /// An amount as the report prints it: cents for large ones, four decimals for small ones.
    public static func money(_ value: Double, _ currency: String) -> String {
        let symbol = currency == "USD" ? "$" : currency + " "
        return value >= 1 ? symbol + String(format: "%.2f", value) : symbol + String(format: "%.4f", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
