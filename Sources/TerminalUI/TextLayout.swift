// TextLayout: fitting strings into a number of cells (truncation, padding, number formatting).

extension String {
    /// At most `width` characters; when cut, the kept part (without trailing spaces) ends in `ellipsis`.
    public func truncated(toWidth width: Int, ellipsis: Character = "…") -> String {
        guard width > 0 else { return "" }
        guard count > width else { return self }
        return prefix(width - 1).trimmingSpaces() + String(ellipsis)
    }

    /// Right-aligned in `width` cells (truncated from the left side's end if longer).
    public func leftPadded(toWidth width: Int) -> String {
        count >= width ? String(prefix(max(0, width))) : String(repeating: " ", count: width - count) + self
    }

    /// Left-aligned in `width` cells (cut if longer).
    public func rightPadded(toWidth width: Int) -> String {
        count >= width ? String(prefix(max(0, width))) : self + String(repeating: " ", count: width - count)
    }
}

/// Fixed-point formatting without Foundation: `formatFixed(0.1234, decimals: 2)` is "0.12".
/// Rounds half away from zero; never prints "-0".
public func formatFixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    let places = min(max(decimals, 0), 9)
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9.0e15 else { return String(value) }
    let units = Int64(scaled)
    let whole = units / Int64(scale)
    let fraction = units % Int64(scale)
    let sign = value < 0 && units != 0 ? "-" : ""
    guard places > 0 else { return sign + String(whole) }
    let fractionText = String(fraction)
    return sign + String(whole) + "." + String(repeating: "0", count: places - fractionText.count) + fractionText
}
