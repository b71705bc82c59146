// Smoothing: the debiased exponential moving average charts use for noisy loss curves (as TensorBoard does).

/// Exponential moving average with bias correction: `ema_t = w·ema_{t-1} + (1−w)·v_t` from
/// `ema_0 = 0`, reported as `ema_t / (1 − w^t)`, so early points are not dragged towards zero.
/// Non-finite values are passed through and skipped by the average.
/// - Parameters:
///   - values: the raw series.
///   - weight: smoothing in 0..<1; 0 returns the values unchanged. Clamped to 0...0.999.
public func smoothed(_ values: [Double], weight: Double) -> [Double] {
    let clampedWeight = min(max(weight.isFinite ? weight : 0, 0), 0.999)
    guard clampedWeight > 0 else { return values }
    var average = 0.0
    var debiasWeight = 1.0
    return values.map { value in
        guard value.isFinite else { return value }
        average = clampedWeight * average + (1 - clampedWeight) * value
        debiasWeight *= clampedWeight
        return average / (1 - debiasWeight)
    }
}
