// A linear axis for the charts: maps data values to pixels and picks round tick values (1, 2, 2.5, 5 × 10^k).
import Foundation

struct AxisScale {
    /// The data range the axis shows, widened to whole ticks.
    let lower: Double
    let upper: Double
    let ticks: [Double]
    /// Decimals that tell the ticks apart.
    let decimals: Int
    private let pixelStart: Double
    private let pixelEnd: Double

    /// An axis for values in `dataMin...dataMax` drawn from `pixelStart` to `pixelEnd` (which may run backwards,
    /// as a y axis does), with about `tickCount` ticks.
    init(dataMin: Double, dataMax: Double, pixelStart: Double, pixelEnd: Double, tickCount: Int = 6) {
        var low = dataMin, high = dataMax
        if !(high > low) {
            let half = max(abs(low) * 0.05, 0.05)
            low -= half
            high += half
        }
        let step = Self.roundStep((high - low) / Double(max(tickCount - 1, 1)))
        // Tick k is k × step; the slack keeps 1.9 / 0.05 = 37.999… on tick 38.
        let firstTick = Int((low / step + 1e-9).rounded(.down)), lastTick = Int((high / step - 1e-9).rounded(.up))
        let ticks = (firstTick...lastTick).map { Double($0) * step }
        lower = ticks[0]
        upper = ticks[ticks.count - 1]
        self.ticks = ticks
        decimals = Self.decimals(showing: ticks)
        self.pixelStart = pixelStart
        self.pixelEnd = pixelEnd
    }

    /// An integer axis over epochs 1…`count`: ticks on round epoch numbers, and on epoch 1.
    init(epochs count: Int, pixelStart: Double, pixelEnd: Double) {
        if count < 2 {
            lower = 0.5
            upper = 1.5
            ticks = [1]
        } else {
            let step = max(1, Self.roundStep(Double(count - 1) / 8).rounded())
            lower = 1
            upper = Double(count)
            let multiples = stride(from: step, through: Double(count), by: step).map { $0 }
            ticks = multiples.first == 1 ? multiples : [1] + multiples
        }
        decimals = 0
        self.pixelStart = pixelStart
        self.pixelEnd = pixelEnd
    }

    func pixel(_ value: Double) -> Double {
        pixelStart + (value - lower) / (upper - lower) * (pixelEnd - pixelStart)
    }

    func label(_ value: Double) -> String { String(format: "%.\(decimals)f", value) }

    /// The round number (1, 2, 2.5 or 5 × 10^k) nearest above `rough`.
    static func roundStep(_ rough: Double) -> Double {
        let magnitude = pow(10, log10(rough).rounded(.down))
        let fraction = rough / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// The fewest decimals (up to 6) that print every value exactly.
    private static func decimals(showing values: [Double]) -> Int {
        (0...6).first { decimals in
            let scale = pow(10, Double(decimals))
            return values.allSatisfy { abs($0 * scale - ($0 * scale).rounded()) < 1e-6 }
        } ?? 6
    }
}
