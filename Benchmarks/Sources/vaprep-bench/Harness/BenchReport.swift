import Foundation

/// Collects result lines and prints them as JSON lines or as a table.
///
/// ```swift
/// var report = BenchReport(title: "base64 encode")
/// report.add(case: "10MiB", impl: "ours-oneshot", metric: "GB/s", value: 14.1, unit: "GB/s")
/// report.addRatio(case: "10MiB", metric: "ours-oneshot/memcpy", value: 0.62)
/// report.print(json: options.json)
/// ```
struct BenchReport {
    struct Line: Codable, Sendable {
        var `case`: String
        var impl: String
        var metric: String
        var value: Double
        var unit: String
    }

    let title: String
    private(set) var lines: [Line] = []

    init(title: String) { self.title = title }

    mutating func add(case name: String, impl: String, metric: String, value: Double, unit: String) {
        lines.append(Line(case: name, impl: impl, metric: metric, value: value, unit: unit))
    }

    /// Adds best, median and spread lines for a timed case, as throughput of `bytes` per run.
    mutating func addThroughput(case name: String, impl: String, stats: Stats, bytes: Int) {
        let (best, median) = stats.gigabytesPerSecond(bytes: bytes)
        add(case: name, impl: impl, metric: "GB/s", value: best, unit: "GB/s")
        add(case: name, impl: impl, metric: "GB/s median", value: median, unit: "GB/s")
        add(case: name, impl: impl, metric: "spread", value: stats.spreadPercent, unit: "%")
    }

    /// Adds best, median and spread lines for a timed case, in milliseconds.
    mutating func addTime(case name: String, impl: String, stats: Stats) {
        add(case: name, impl: impl, metric: "ms", value: stats.best * 1000, unit: "ms")
        add(case: name, impl: impl, metric: "ms median", value: stats.median * 1000, unit: "ms")
        add(case: name, impl: impl, metric: "spread", value: stats.spreadPercent, unit: "%")
    }

    /// A ratio line (`"impl":"ratio"`), e.g. metric "ours-oneshot/foundation-string".
    mutating func addRatio(case name: String, metric: String, value: Double) {
        add(case: name, impl: "ratio", metric: metric, value: value, unit: "x")
    }

    func value(case name: String, impl: String, metric: String) -> Double? {
        lines.first { $0.case == name && $0.impl == impl && $0.metric == metric }?.value
    }

    func print(json: Bool) {
        if json { printJSONLines() } else { printTable() }
    }

    func printJSONLines() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for line in lines {
            if let data = try? encoder.encode(line), let text = String(data: data, encoding: .utf8) {
                Swift.print(text)
            }
        }
    }

    /// One row per (case, impl), one column per metric, in first-seen order; ratios in their own table.
    func printTable() {
        Swift.print("== \(title) ==")
        for ratios in [false, true] {
            let selected = lines.filter { ($0.impl == "ratio") == ratios }
            guard !selected.isEmpty else { continue }
            var metrics: [String] = []
            var rowKeys: [String] = []
            var cells: [String: String] = [:]
            for line in selected {
                if !metrics.contains(line.metric) { metrics.append(line.metric) }
                let key = ratios ? "\(line.case)\t\(line.metric)" : "\(line.case)\t\(line.impl)"
                if !rowKeys.contains(key) { rowKeys.append(key) }
                let unit = line.unit == "x" || line.unit == "%" ? line.unit : ""
                cells[key + "\t" + (ratios ? "value" : line.metric)] = Self.format(line.value) + unit
            }
            let headers = ratios ? ["case", "ratio", "value"] : ["case", "impl"] + metrics
            let columns = ratios ? ["value"] : metrics
            let rows = rowKeys.map { key in
                key.split(separator: "\t").map(String.init) + columns.map { cells[key + "\t" + $0] ?? "" }
            }
            TablePrinter.print(headers: headers, rows: rows)
            Swift.print("")
        }
    }

    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        let digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        return String(format: "%.\(digits)f", value)
    }
}

/// Prints left-aligned text columns, right-aligned numbers.
enum TablePrinter {
    static func print(headers: [String], rows: [[String]]) {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func render(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                let numeric = cell.first.map { $0.isNumber || $0 == "-" } ?? false
                return numeric && i >= 2 ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        Swift.print(render(headers))
        Swift.print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in rows { Swift.print(render(row)) }
    }
}
