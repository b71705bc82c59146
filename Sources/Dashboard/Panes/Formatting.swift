// Formatting: numbers as the dashboard prints them: thousands separators, percentages, losses, clocks.
import TerminalUI

enum Formatting {
    /// 12345 → "12,345".
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// 0.9234 → "92.3 %".
    static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        formatFixed(100 * fraction, decimals: decimals) + " %"
    }

    /// "-" for a score that does not exist (no validation split in --full-train runs).
    static func percent(_ fraction: Double?, decimals: Int = 1) -> String {
        fraction.map { percent($0, decimals: decimals) } ?? "-"
    }

    static func loss(_ value: Double?) -> String { value.map { loss($0) } ?? "-" }

    /// A loss with four decimals: "0.2413".
    static func loss(_ value: Double) -> String {
        value.isFinite ? formatFixed(value, decimals: 4) : "-"
    }

    /// 67 → "1:07"; 3725 → "1:02:05".
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-:--" }
        let total = Int(seconds.rounded())
        let minutes = total / 60 % 60, hours = total / 3600, rest = total % 60
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(minutes):\(twoDigits(rest))"
    }

    /// "1,840 img/s", or "" before the first measurement.
    static func speed(_ imagesPerSecond: Double) -> String {
        imagesPerSecond > 0 ? grouped(Int(imagesPerSecond.rounded())) + " img/s" : ""
    }
}
