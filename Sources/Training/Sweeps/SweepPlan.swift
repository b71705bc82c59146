// A sweep's plan: the trials a grid, --random N and --seeds make of the flags' values, in a fixed order.
import Foundation
import NeuralNet

/// One planned trial: the value of each swept flag, as text `train` reads.
public struct PlannedTrial: Sendable, Equatable {
    public let index: Int
    /// (flag name, value) in the order of `SweepFlag.all`, then the seed of --seeds.
    public let values: [(flag: String, value: String)]

    public init(index: Int, values: [(flag: String, value: String)]) {
        self.index = index
        self.values = values
    }

    public static func == (a: PlannedTrial, b: PlannedTrial) -> Bool {
        a.index == b.index && a.values.map(\.flag) == b.values.map(\.flag) && a.values.map(\.value) == b.values.map(\.value)
    }
}

public struct SweepPlan: Sendable {
    /// The flags with more than one value or a distribution, in grid order.
    public let sweptFlags: [String]
    public let trials: [PlannedTrial]

    /// - Parameters:
    ///   - values: each flag given to the sweep with what it takes.
    ///   - random: draw this many trials instead of the grid.
    ///   - seeds: repeat every trial with each of these seeds (the innermost loop).
    ///   - sweepSeed: seeds the draws of --random.
    public init(values: [SweepFlag: SweepValues], random: Int? = nil, seeds: [UInt64]? = nil,
                sweepSeed: UInt64 = 0) throws(SweepError) {
        let given = SweepFlag.all.compactMap { flag in values[flag].map { (flag, $0) } }
        let swept = given.filter { $0.1.isDistribution || ($0.1.listed?.count ?? 0) > 1 }
        if let random, random < 1 { throw .badCount(flag: "--random", value: random, reason: "must be at least 1") }
        if seeds != nil, values[SweepFlag.named("seed")!] != nil {
            throw .badValues(flag: "--seeds", text: "", reason: "give the seeds either with --seeds or with --seed, not both")
        }
        if swept.isEmpty && seeds == nil && random == nil { throw .nothingToSweep }
        if let random, swept.isEmpty {
            throw .badCount(flag: "--random", value: random, reason: "no flag has several values or a distribution to draw from")
        }

        var settings = [[(flag: String, value: String)]]()
        if let random {
            var rng = SplitMix64(seed: sweepSeed)
            for _ in 0..<random { settings.append(swept.map { ($0.0.name, $0.1.draw(using: &rng)) }) }
        } else {
            if let (flag, _) = swept.first(where: { $0.1.isDistribution }) { throw .distributionNeedsRandom(flag: flag.spelled) }
            // The Cartesian product, the first flag varying slowest.
            settings = [[]]
            for (flag, flagValues) in swept {
                settings = settings.flatMap { partial in flagValues.listed!.map { partial + [(flag.name, $0)] } }
            }
        }
        if let seeds {
            settings = settings.flatMap { partial in seeds.map { partial + [("seed", String($0))] } }
        }
        sweptFlags = swept.map(\.0.name) + (seeds == nil ? [] : ["seed"])
        trials = settings.enumerated().map { PlannedTrial(index: $0.offset, values: $0.element) }
    }
}
