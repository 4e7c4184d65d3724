import NFRuntime

/// One timed run of a graph on this core: packets received from the rx port and sent on the tx
/// port (device counters), over the measured time.
struct Measurement {
    let received: UInt64
    let transmitted: UInt64
    let nanoseconds: UInt64

    var mpps: Double { Double(received) / Double(nanoseconds) * 1_000 }

    /// Runs `work` in the runtime's `CoreLoop` (one batch, then due events, per iteration) for
    /// `warmup` ns unmeasured, then for `duration` ns measured.
    static func run<Work: BatchRunnable>(_ work: Work, scheduler: EventScheduler, rx: DPDKPort, tx: DPDKPort,
                                         warmup: UInt64, duration: UInt64) -> Measurement {
        var loop = CoreLoop(work: work, scheduler: scheduler)
        let warm = StopSignal()
        scheduler.after(nanoseconds: warmup) { warm.stop() }
        _ = loop.run(until: warm)
        let rx0 = rx.deviceStats.rx_packets, tx0 = tx.deviceStats.tx_packets
        let start = MonotonicClock.nanoseconds()
        let done = StopSignal()
        scheduler.after(nanoseconds: duration) { done.stop() }
        _ = loop.run(until: done)
        let end = MonotonicClock.nanoseconds()
        return Measurement(received: rx.deviceStats.rx_packets - rx0, transmitted: tx.deviceStats.tx_packets - tx0,
                           nanoseconds: end - start)
    }
}
