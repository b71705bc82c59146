// ChartAxis: the y range of a chart (auto-scaled, linear or log), value ↔ dot mapping and tick labels.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How values map to height.
public enum ChartScale: Hashable, Sendable {
    case linear
    /// Base-10 logarithmic; values ≤ 0 are left out.
    case logarithmic
}

/// The y range fitted to the data: linear bounds are rounded outwards to the precision the
/// labels print with, so the end labels are exact; log bounds are the data's own.
struct ValueAxis: Equatable {
    let scale: ChartScale
    let lower: Double
    let upper: Double

    /// Nil when there is no plottable value.
    init?(values: [Double], scale: ChartScale) {
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        guard var low = usable.min(), var high = usable.max() else { return nil }
        self.scale = scale
        switch scale {
        case .linear:
            if high == low {
                let pad = max(abs(low) * 0.05, 0.001)
                low -= pad
                high += pad
            }
            let decimals = ValueAxis.linearDecimals(span: high - low)
            let factor = ValueAxis.power(decimals)
            lower = ((low * factor) + 1e-9).rounded(.down) / factor
            upper = ((high * factor) - 1e-9).rounded(.up) / factor
        case .logarithmic:
            if high == low {
                low /= 1.1
                high *= 1.1
            }
            lower = low
            upper = high
        }
    }

    /// Position of a value in the range: 0 at `lower`, 1 at `upper` (log-spaced for log scales).
    func unit(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear:
            return (value - lower) / (upper - lower)
        case .logarithmic:
            guard value > 0 else { return nil }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// The value at a unit position (inverse of `unit`).
    func value(atUnit unit: Double) -> Double {
        switch scale {
        case .linear: lower + unit * (upper - lower)
        case .logarithmic: pow(10, log10(lower) + unit * (log10(upper) - log10(lower)))
        }
    }

    /// The dot row of a value, 0 at the top (upper bound) and `dotHeight - 1` at the bottom.
    func dotRow(_ value: Double, dotHeight: Int) -> Int? {
        guard let unit = unit(value) else { return nil }
        return clampedDot((1 - unit) * Double(dotHeight - 1), extent: dotHeight)
    }

    /// A tick label: fixed decimals from the range for linear axes, two significant digits for log.
    func label(_ value: Double) -> String {
        switch scale {
        case .linear:
            return formatFixed(value, decimals: ValueAxis.linearDecimals(span: upper - lower))
        case .logarithmic:
            let magnitude = Int(log10(abs(value)).rounded(.down))
            return formatFixed(value, decimals: min(max(1 - magnitude, 0), 6))
        }
    }

    /// Decimals that separate the ends of a span: 0.5 → 2 ("0.60"), 7.1 → 1 ("92.4"), 50 → 0.
    static func linearDecimals(span: Double) -> Int {
        guard span > 0, span.isFinite else { return 2 }
        return min(max(1 - Int(log10(span).rounded(.down)), 0), 4)
    }

    static func power(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { result, _ in result * 10 }
    }
}

/// Horizontal mapping from x values (epochs) to dot columns.
struct EpochAxis: Equatable {
    let lower: Double
    let upper: Double

    init(range: ClosedRange<Double>) {
        lower = range.lowerBound
        upper = range.upperBound > range.lowerBound ? range.upperBound : range.lowerBound + 1
    }

    func dotColumn(_ x: Double, dotWidth: Int) -> Int? {
        guard x.isFinite else { return nil }
        return clampedDot((x - lower) / (upper - lower) * Double(dotWidth - 1), extent: dotWidth)
    }

    /// Whole epochs print without decimals, fractional ones with one.
    static func label(_ x: Double) -> String {
        x == x.rounded() ? formatFixed(x, decimals: 0) : formatFixed(x, decimals: 1)
    }
}

/// A dot coordinate rounded and kept within one extent beyond either edge, so far-off values
/// neither overflow `Int` nor send line drawing on long walks (the canvas drops them anyway).
func clampedDot(_ position: Double, extent: Int) -> Int {
    guard position.isFinite else { return position > 0 ? 2 * extent : -extent }
    return Int(min(max(position.rounded(), Double(-extent)), Double(2 * extent)))
}
