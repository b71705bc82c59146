// The flags of `sweep`: every recipe flag of `train` as text that may be a list or a distribution, plus
// --seeds, --random and --sweep-seed; and the plan they make, each trial resolved and checked as `train` would.
import ArgumentParser
import Foundation
import NeuralNet
import Training

struct SweepableOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Models: fcnn, cnn, or a list (fcnn,cnn).") var model: String?
    @Option(parsing: .unconditional, help: "Recipes: seed, improved, fast, or a list.") var recipe: String?
    @Option(parsing: .unconditional, help: "Epochs: a number, a list or int:A:B.") var epochs: String?
    @Option(parsing: .unconditional, help: "Batch sizes: a number, a list (20,128) or int:A:B.") var batchSize: String?
    @Option(name: .customLong("lr"), parsing: .unconditional,
            help: "Learning rates: a number, a list (1e-3,3e-4), uniform:A:B or loguniform:A:B.") var learningRate: String?
    @Option(parsing: .unconditional, help: "Weight decays: a number, a list or a distribution.") var weightDecay: String?
    @Option(parsing: .unconditional, help: "Label smoothings: a number, a list or a distribution.") var labelSmoothing: String?
    @Option(parsing: .unconditional, help: "Schedules: constant, warmup-cosine, or a list.") var schedule: String?
    @Option(parsing: .unconditional, help: "Warm-up epochs: a number, a list or a distribution.") var warmupEpochs: String?
    @Option(parsing: .unconditional, help: "true, false, or true,false.") var normalize: String?
    @Option(parsing: .unconditional, help: "true, false, or true,false.") var flip: String?
    @Option(parsing: .unconditional, help: "Crop paddings: a number, a list or int:A:B.") var cropPadding: String?
    @Option(parsing: .unconditional, help: "Random-erasing probabilities: a number, a list or a distribution.")
    var eraseProbability: String?
    @Option(parsing: .unconditional, help: "Seeds of the trials: a number, a list or int:A:B (or use --seeds).") var seed: String?
    @Option(parsing: .unconditional, help: "Train on the first N training images: a number or a list.") var trainLimit: String?
    @Flag(help: "Train on all 60,000 training images, without a validation split (every trial).") var fullTrain = false
    @Option(help: "Compute threads of each trial (default: the cores shared out between the trials at once).")
    var threads: Int?
    @Option(parsing: .unconditional, help: "Repeat every trial with each of these seeds: 0,1,2.") var seeds: String?
    @Option(help: "Draw N trials from the flags' lists and distributions instead of the grid.") var random: Int?
    @Option(help: "Seeds the draws of --random.") var sweepSeed: UInt64 = 0

    /// The recipe flags given, by flag.
    var texts: [SweepFlag: String] {
        let given: [(String, String?)] = [
            ("model", model), ("recipe", recipe), ("epochs", epochs), ("batch-size", batchSize), ("lr", learningRate),
            ("weight-decay", weightDecay), ("label-smoothing", labelSmoothing), ("schedule", schedule),
            ("warmup-epochs", warmupEpochs), ("normalize", normalize), ("flip", flip), ("crop-padding", cropPadding),
            ("erase-probability", eraseProbability), ("seed", seed), ("train-limit", trainLimit),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { name, text in text.map { (SweepFlag.named(name)!, $0) } })
    }

    /// The plan and each trial's settings, every value checked as `train` checks it.
    /// - Parameter threads: compute threads per trial when --threads is not given.
    /// - Throws: `SweepError` naming the flag (and the trial) before anything is written.
    func plan(threads defaultThreads: Int) throws -> (plan: SweepPlan, trials: [SweepTrial]) {
        let texts = texts
        var values = [SweepFlag: SweepValues]()
        for (flag, text) in texts { values[flag] = try SweepValues(text, flag: flag) }
        let fixed = values.compactMapValues { $0.listed?.count == 1 ? $0.listed![0] : nil }
        let threads = threads ?? defaultThreads
        // Each listed value and each end of a distribution alone, so the message names the one flag at fault.
        for (flag, flagValues) in values {
            for value in flagValues.bounds {
                do { _ = try resolve(fixed.merging([flag: value]) { $1 }, threads: threads) } catch let error as SweepError {
                    // Another flag refuses this value of `flag` (--warmup-epochs 2 with --epochs 1): say which.
                    if error.description.hasPrefix(flag.spelled) { throw error }
                    throw SweepError.refusedValue(flag: "with \(flag.spelled) \(value)", reason: error.description)
                }
            }
        }
        var seedList: [UInt64]?
        if let seeds {
            let seedFlag = SweepFlag.named("seed")!
            guard let listed = try SweepValues(seeds, flag: seedFlag).listed else {
                throw SweepError.badValues(flag: "--seeds", text: seeds, reason: "give a list of seeds, such as 0,1,2")
            }
            seedList = try listed.map { text in
                guard let seed = UInt64(text) else {
                    throw SweepError.badValues(flag: "--seeds", text: seeds, reason: "\(text) is not a seed (a whole number from 0)")
                }
                return seed
            }
        }
        let plan = try SweepPlan(values: values, random: random, seeds: seedList, sweepSeed: sweepSeed)
        let trials = try plan.trials.map { planned in
            var settings = fixed
            for (name, value) in planned.values { settings[SweepFlag.named(name)!] = value }
            do {
                return SweepTrial(index: planned.index, values: Dictionary(uniqueKeysWithValues: planned.values.map { ($0.flag, $0.value) }),
                                  configuration: try resolve(settings, threads: threads))
            } catch let error as SweepError {
                let described = planned.values.map { "\($0.flag) \($0.value)" }.joined(separator: ", ")
                throw SweepError.refusedValue(flag: "trial \(planned.index) (\(described))", reason: error.description)
            }
        }
        return (plan, trials)
    }

    /// A trial's configuration from its flags' values, as `train` would read them.
    private func resolve(_ settings: [SweepFlag: String], threads: Int) throws -> TrainingConfiguration {
        var arguments = ["--threads", String(threads)] + (fullTrain ? ["--full-train"] : [])
        for flag in SweepFlag.all where flag.name != "model" {
            if let value = settings[flag] { arguments += [flag.spelled + "=" + value] }
        }
        let modelText = settings[SweepFlag.named("model")!] ?? ModelKind.fcnn.rawValue
        guard let model = ModelKind(rawValue: modelText) else {
            throw SweepError.badValues(flag: "--model", text: modelText, reason: "models are \(ModelKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let options: RecipeOptions
        do { options = try RecipeOptions.parse(arguments) } catch {
            throw SweepError.refusedValue(flag: Self.flagNamed(in: error, among: arguments), reason: RecipeOptions.message(for: error))
        }
        let configuration = options.configuration(for: model)
        do { try configuration.validate() } catch {
            switch error {
            case .invalid(let flag, let value, let reason): throw SweepError.badValues(flag: flag, text: value, reason: reason)
            }
        }
        return configuration
    }

    /// The flag an argument parser error is about, for the message's start.
    private static func flagNamed(in error: any Error, among arguments: [String]) -> String {
        let message = RecipeOptions.message(for: error)
        return arguments.compactMap { $0.split(separator: "=").first.map(String.init) }
            .first { message.contains("'\($0)") || message.contains("\($0) ") } ?? "a flag"
    }
}
