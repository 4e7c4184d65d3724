import Foundation

/// Timing and allocation counting shared by the benchmarks (release builds).
public enum Measurement {
    /// Runs `body` over and over for at least `seconds`; returns the rounds and the seconds taken.
    public static func repeated(for seconds: Double, _ body: () throws -> Void) throws -> (Int, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        var rounds = 0
        var elapsed = 0.0
        repeat {
            try body()
            rounds += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < seconds
        return (rounds, elapsed)
    }

    /// Prints `label=` heap allocations per message over one round, when malloc_count.c is preloaded.
    public static func reportAllocations(label: String = "allocations_per_message", _ round: () throws -> Void,
                                         messages: () -> Int) throws {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ucheck_malloc_count") else { return }
        let count = unsafeBitCast(symbol, to: (@convention(c) () -> UInt).self)
        let (before, messagesBefore) = (count(), messages())
        try round()
        let (after, messagesAfter) = (count(), messages())
        print(String(format: "%@=%.2f", label, Double(after - before) / Double(max(1, messagesAfter - messagesBefore))))
    }
}
