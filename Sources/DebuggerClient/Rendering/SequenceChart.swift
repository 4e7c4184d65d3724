import ControlAPI

/// `backtrace`: one request's messages as a message sequence chart. One column per service in order
/// of first appearance, one row per message: its time, an arrow from sender to receiver labelled
/// `Method request` or `Method response`, and its verdict when it is not `allowed` (`held`, …).
public enum SequenceChart {
    /// The switches' `trace` replies merged by time; records of equal time keep the switches' order.
    public static func merge(_ perSwitch: [[TraceRecord]]) -> [TraceRecord] {
        let all = perSwitch.flatMap { $0 }
        return all.indices.sorted { a, b in
            let (ta, tb) = (Timestamp(all[a].time)?.seconds ?? 0, Timestamp(all[b].time)?.seconds ?? 0)
            return ta != tb ? ta < tb : a < b
        }.map { all[$0] }
    }

    public static func render(_ records: [TraceRecord]) -> String {
        guard !records.isEmpty else { return "" }
        var columns: [String] = []
        for record in records {
            for service in [record.from, record.to] where !columns.contains(service) { columns.append(service) }
        }
        let labels = records.map { "\($0.method) \($0.kind)" }
        var gap = (columns.map(\.count).max() ?? 0) + 2
        for (record, label) in zip(records, labels) {
            let span = abs(columns.firstIndex(of: record.to)! - columns.firstIndex(of: record.from)!)
            // Between two bars `span * gap - 1` characters hold `--label->`: the label plus four.
            if span > 0 { gap = max(gap, (label.count + 5 + span - 1) / span) }
        }
        let times = records.map { Timestamp($0.time)?.timeOfDay ?? $0.time }
        let timeWidth = max(times.map(\.count).max() ?? 0, 4)
        let width = (columns.count - 1) * gap + 1

        var header = [Character](repeating: " ", count: width + gap)
        for (index, name) in columns.enumerated() {
            for (offset, character) in name.enumerated() { header[index * gap + offset] = character }
        }
        var bars = [Character](repeating: " ", count: width)
        for index in columns.indices { bars[index * gap] = "|" }

        var lines = [pad("time", timeWidth) + "  " + String(header), pad("", timeWidth) + "  " + String(bars)]
        for (index, record) in records.enumerated() {
            var row = bars
            let from = columns.firstIndex(of: record.from)!, to = columns.firstIndex(of: record.to)!
            var note = record.verdict == "allowed" ? "" : "  " + record.verdict
            if from == to {
                note = "  \(labels[index]) to itself" + note
            } else {
                let left = min(from, to) * gap + 1, right = max(from, to) * gap - 1
                for position in left...right { row[position] = "-" }
                if to > from { row[right] = ">" } else { row[left] = "<" }
                let start = left + (right - left + 1 - labels[index].count) / 2
                for (offset, character) in labels[index].enumerated() { row[start + offset] = character }
            }
            lines.append(pad(times[index], timeWidth) + "  " + String(row) + note)
        }
        return lines.map { line in String(line.reversed().drop(while: { $0 == " " }).reversed()) }.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
}
