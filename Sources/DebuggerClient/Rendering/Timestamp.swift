#if canImport(Glibc)
import Glibc
#endif

/// An RFC 3339 time as the control API writes it (`2026-11-22T09:50:44.123456Z`), for merging
/// the switches' trace records in order and printing their time of day.
struct Timestamp: Comparable {
    /// Seconds since 1970 (UTC), with the fraction.
    var seconds: Double
    /// `09:50:44.123456`, as written.
    var timeOfDay: String

    init?(_ text: String) {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        var clock = Substring(parts[1])
        var offset = 0.0
        if clock.hasSuffix("Z") || clock.hasSuffix("z") {
            clock = clock.dropLast()
        } else if let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = clock[clock.index(after: sign)...].split(separator: ":").compactMap { Double($0) }
            guard zone.count == 2 else { return nil }
            offset = (zone[0] * 3600 + zone[1] * 60) * (clock[sign] == "+" ? 1 : -1)
            clock = clock[..<sign]
        }
        let hms = clock.split(separator: ":")
        guard date.count == 3, hms.count == 3, let hour = Int(hms[0]), let minute = Int(hms[1]), let second = Double(hms[2]) else { return nil }
        var broken = tm()
        broken.tm_year = Int32(date[0] - 1900)
        broken.tm_mon = Int32(date[1] - 1)
        broken.tm_mday = Int32(date[2])
        broken.tm_hour = Int32(hour)
        broken.tm_min = Int32(minute)
        seconds = Double(timegm(&broken)) + second - offset
        timeOfDay = String(clock)
    }

    static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }
}
