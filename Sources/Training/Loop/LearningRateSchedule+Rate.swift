// The learning rate of each optimisation step under a schedule.
import Foundation

extension LearningRateSchedule {
    /// The rate for update `step` (0-based) of `totalSteps`, with `warmupSteps` of linear warm-up:
    ///   warm-up:  peak · (step + 1) / warmupSteps
    ///   decay:    peak · ½ (1 + cos(π · (step − warmupSteps) / (totalSteps − warmupSteps)))
    public func rate(step: Int, totalSteps: Int, warmupSteps: Int, peak: Double) -> Double {
        switch self {
        case .constant:
            return peak
        case .warmupCosine:
            if step < warmupSteps { return peak * Double(step + 1) / Double(warmupSteps) }
            let decaySteps = max(1, totalSteps - warmupSteps)
            let progress = min(1, Double(step - warmupSteps) / Double(decaySteps))
            return peak * 0.5 * (1 + cos(Double.pi * progress))
        }
    }
}
