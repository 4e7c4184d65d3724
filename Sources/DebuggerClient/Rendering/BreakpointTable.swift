/// `info breakpoints`: gdb's table of Num, Type, Disp, Hits and What.
public enum BreakpointTable {
    /// `hits` maps breakpoint numbers to hits summed over the switches.
    public static func render(_ breakpoints: [Breakpoint], hits: [Int: Int]) -> String {
        guard !breakpoints.isEmpty else { return "No breakpoints or watchpoints." }
        let header = ["Num", "Type", "Disp", "Hits", "What"]
        let rows = breakpoints.map { breakpoint in
            [String(breakpoint.number), breakpoint.kind == .watchpoint ? "watchpoint" : "breakpoint",
             breakpoint.kind == .temporary ? "del" : "keep", String(hits[breakpoint.number] ?? 0), breakpoint.text]
        }
        return TextTable.render(header: header, rows: rows)
    }
}
