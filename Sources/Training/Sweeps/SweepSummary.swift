// A sweep's results: each trial's state read from its run folder, the leaderboard (the runs table sorted by
// the chosen metric) and, for each swept flag, the metric's mean ± standard deviation per value.
import Foundation

/// What trials are ranked by.
public enum SweepMetric: String, Sendable, CaseIterable {
    case bestValidLoss = "best_valid_loss"
    case validAccuracy = "valid_accuracy"
    case testAccuracy = "test_accuracy"

    /// The runs-table column that shows it.
    public var column: RunColumn {
        switch self {
        case .bestValidLoss: return .bestValidLoss
        case .validAccuracy: return .validAccuracy
        case .testAccuracy: return .testAccuracy
        }
    }

    /// Better is higher for accuracies, lower for the loss.
    public var higherIsBetter: Bool { self != .bestValidLoss }
    public var isPercent: Bool { self != .bestValidLoss }

    /// The run's value (a fraction for accuracies); nil before it has one.
    public func value(of run: RunSummary) -> Double? {
        let value: Double?
        switch self {
        case .bestValidLoss: value = run.bestValidLoss
        case .validAccuracy: value = run.bestValidAccuracy
        case .testAccuracy: value = run.testAccuracy
        }
        return value.flatMap { $0.isFinite ? $0 : nil }
    }

    /// "0.4213" or "84.20 %".
    public func text(_ value: Double) -> String {
        isPercent ? String(format: "%.2f %%", 100 * value) : String(format: "%.4f", value)
    }
}

public struct SweepSummary: Sendable {
    /// A trial and where it stands.
    public struct Trial: Sendable {
        public let trial: SweepTrial
        /// Its run, once a worker has made its folder.
        public let run: RunSummary?
        /// The run's state; "pending" before any worker claimed the trial, "starting" while its worker writes
        /// the run's config.json, "failed" when the worker failed before that.
        public var state: String {
            guard let run else { return trial.failure == nil ? "pending" : "failed" }
            if run.status == .unknown && run.model == nil && trial.failure == nil { return "starting" }
            return run.status.rawValue
        }
    }

    /// The mean ± sample standard deviation of the metric over the trials where one flag has one value.
    public struct ValueEffect: Sendable, Equatable {
        public let flag: String
        public let value: String
        public let mean: Double
        /// 0 for a single trial.
        public let standardDeviation: Double
        public let count: Int
    }

    public let record: SweepRecord
    public let metric: SweepMetric
    public let trials: [Trial]

    /// Reads every trial's run folder.
    public init(sweep: SweepFolder, metric: SweepMetric) throws {
        record = try sweep.read()
        self.metric = metric
        let runsDirectory = sweep.runsDirectory
        trials = record.trials.map { trial in
            Trial(trial: trial, run: trial.runId.map { RunSummary.read(folder: runsDirectory.appendingPathComponent($0)) })
        }
    }

    /// How many trials are in each state ("finished": 3, "pending": 1), states in a fixed order.
    public var stateCounts: [(state: String, count: Int)] {
        let order = ["finished", "running", "paused", "starting", "interrupted", "stopped", "failed", "pending"]
        let counts = Dictionary(grouping: trials, by: \.state).mapValues(\.count)
        return (order + counts.keys.filter { !order.contains($0) }.sorted()).compactMap { state in
            counts[state].map { (state, $0) }
        }
    }

    /// The trials' runs as the runs table shows them, best first by the metric (runs without a value last).
    public var leaderboard: RunTable {
        RunTable(trials.compactMap(\.run).filter { $0.model != nil },
                 sort: RunSort(column: metric.column, descending: metric.higherIsBetter))
    }

    /// For each swept flag with a value shared by several trials, each value's effect, values in plan order.
    /// A flag whose every value was drawn once (a continuous distribution) has nothing to average and is left out.
    public var effects: [ValueEffect] {
        record.sweptFlags.flatMap { flag -> [ValueEffect] in
            var order = [String](), values = [String: [Double]]()
            for trial in trials {
                guard let value = trial.trial.values[flag] else { continue }
                if values[value] == nil { order.append(value); values[value] = [] }
                if let run = trial.run, let number = metric.value(of: run) { values[value]!.append(number) }
            }
            guard order.count < trials.count else { return [] }
            return order.compactMap { value in
                Self.effect(flag: flag, value: value, of: values[value]!)
            }
        }
    }

    static func effect(flag: String, value: String, of numbers: [Double]) -> ValueEffect? {
        guard !numbers.isEmpty else { return nil }
        let mean = numbers.reduce(0, +) / Double(numbers.count)
        let variance = numbers.count < 2 ? 0
            : numbers.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(numbers.count - 1)
        return ValueEffect(flag: flag, value: value, mean: mean, standardDeviation: variance.squareRoot(), count: numbers.count)
    }

    /// "lr 0.001: 91.20 ± 0.30 % (4 trials)".
    public func text(_ effect: ValueEffect) -> String {
        let spread = metric.isPercent
            ? String(format: "%.2f ± %.2f %%", 100 * effect.mean, 100 * effect.standardDeviation)
            : String(format: "%.4f ± %.4f", effect.mean, effect.standardDeviation)
        return "\(effect.flag) \(effect.value): \(spread) (\(effect.count) trial\(effect.count == 1 ? "" : "s"))"
    }
}
