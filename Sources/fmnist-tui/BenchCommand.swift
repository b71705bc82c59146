// `fmnist-tui bench`: training and validation speed of one model, in the units of the PyTorch
// reference, alone or alternated with the reference itself.
import ArgumentParser
import FashionMNIST
import Foundation
import NeuralNet
import Training

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time training steps and a validation pass; print images/s, seconds per epoch, GFLOP/s and the GEMM floor.",
        discussion: """
            The GEMM floor (floor_s) replays the matrix products of one training step and of one validation \
            pass alone (the engine's GEMM calls: its own kernels, AVX-512 where the CPU has it, else AVX2; \
            OpenBLAS's sgemm with --gemm openblas), with the same shapes, threads and split, and scales \
            them to an epoch: the time this engine cannot go below with these GEMM kernels on this CPU. \
            efficiency = floor_s / epoch_s. optimizer_s is what the floor leaves out that every step must do: \
            Adam's update of every parameter and its two moments, timed alone and scaled to an epoch; \
            optimizer_in_cache_s the same update at the speed it runs with its data in the L1 cache (a slice \
            updated over and over), its arithmetic alone: the rest of optimizer_s is moving the values, gradients \
            and moments between the caches. \
            fma_peak_gflops is the CPU's own limit on the same threads (register-only multiply-adds), and \
            fraction_of_peak the share of it that training reaches. core_round_trip_ns is how long a value takes \
            to go from one compute thread to another and back, measured before and after the timings (null on \
            one thread): on virtual machines it changes with where the two cores are, and two-thread times \
            change with it. step_s_median and step_s_p90 are the timed steps' median and 90th percentile: the \
            epoch time is their mean, and a 90th percentile far above the median means stretches of slow steps (on a \
            virtual machine, the host giving a core less for a while; a two-thread step waits for the slower core).

            With --jobs, also records 20 training steps job by job and prints the step's jobs of the compute pool in \
            order (where each is started in the source, on how many threads, how long the caller's part and the \
            slowest other part ran, the job's GEMM floor, how long the caller then waited, and how long the caller \
            ran alone before it), medians in microseconds: where the time between the matrix products goes. A job's \
            GEMM floor is its own products replayed alone, as the floor replays the step's (0 for a job without \
            products); the job's time above it is its other work and the memory traffic that the replay, on \
            operands of its own, does not have.

            With --against-pytorch, runs the PyTorch reference's `time` command and ours in turn \
            (--repeats times each, same model, batches, batch size and threads) and prints both \
            epoch times, their medians and the ratio PyTorch / ours.
            """)

    @Option(help: "Model: fcnn or cnn.") var model: ModelKind = .cnn
    @Option(help: "Timed training batches (after 20 warm-up batches).") var batches = 600
    @OptionGroup var recipe: RecipeOptions
    @OptionGroup var data: DataOptions
    @Option(help: ArgumentHelp("PyTorch reference script to alternate with (torch_reference.py).", valueName: "script"))
    var againstPytorch: String?
    @Option(help: "Python that has torch, for --against-pytorch.") var python = "python3"
    @Option(help: "Runs of each side with --against-pytorch; medians are compared.") var repeats = 3
    @Option(help: "Matrix products: auto (our kernels: AVX-512 where the CPU has it, else AVX2) or openblas.")
    var gemm: GemmChoice = .auto
    @Flag(help: "Also time a training step job by job (see above).") var jobs = false
    @Flag(help: "Print one JSON object.") var json = false

    enum GemmChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, openblas
    }

    static let warmupBatches = 20
    /// Training steps recorded job by job with --jobs.
    static let jobSteps = 20
    static let epochImages = 48_000

    func validate() throws {
        try recipe.validate(for: model)
        if batches < 1 { throw ValidationError("--batches \(batches): must be at least 1") }
        if repeats < 1 { throw ValidationError("--repeats \(repeats): must be at least 1") }
        guard againstPytorch != nil else { return }
        if recipe.recipe != .seed {
            throw ValidationError("--against-pytorch times the seed recipe only: drop --recipe \(recipe.recipe.rawValue)")
        }
    }

    func run() throws {
        Gemm.usesOwnKernels = gemm == .auto
        let configuration = recipe.configuration(for: model)
        if let script = againstPytorch, !FileManager.default.fileExists(atPath: script) {
            throw UserFacingError(description: "--against-pytorch \(script): no such file; give the path of torch_reference.py")
        }
        let dataset = try data.load()
        guard let script = againstPytorch else {
            let speed = measure(configuration, dataset)
            if json {
                printJSON(speed.fields(configuration, model))
            } else {
                print(String(format: "%@  batch %d  threads %d: %.0f img/s, train %.2f s/epoch, validation %.2f s, "
                    + "epoch %.2f s, %.1f GFLOP/s; GEMM floor %.2f s/epoch, efficiency %.0f %%; Adam's update alone "
                    + "%.2f s/epoch (%.2f s with its data in L1); multiply-add peak %.0f GFLOP/s (%d lanes), training "
                    + "at %.0f %% of it%@",
                    model.displayName, configuration.batchSize, configuration.threads, speed.imagesPerSecond,
                    speed.trainPerEpoch, speed.validSeconds, speed.epochSeconds, speed.gflops, speed.floorSeconds,
                    100 * speed.efficiency, speed.optimizerSeconds, speed.optimizerInCacheSeconds, speed.peakGflops,
                    speed.peak.lanes,
                    100 * speed.gflops / speed.peakGflops, speed.roundTripDescription))
                print(String(format: "Steps: median %.2f ms, 90th percentile %.2f ms", 1000 * speed.steps.median,
                             1000 * speed.steps.ninetiethPercentile))
                print("CPU \(CPUInfo.modelName), \(CPUInfo.blasKernelsDescription)")
                speed.jobs?.print(steps: Self.jobSteps)
            }
            return
        }
        var reference = [Double](), ours = [Double](), floors = [Double](), roundTrips = [Any]()
        for round in 1...repeats {
            reference.append(try referenceEpochSeconds(script: script, configuration))
            let speed = measure(configuration, dataset)
            ours.append(speed.epochSeconds)
            floors.append(speed.floorSeconds)
            roundTrips.append(speed.roundTripField)
            if !json {
                print(String(format: "round %d/%d: PyTorch %.3f s/epoch, ours %.3f s/epoch, ratio %.2f×%@",
                             round, repeats, reference.last!, ours.last!, reference.last! / ours.last!,
                             speed.roundTripDescription))
            }
        }
        let referenceMedian = reference.median, oursMedian = ours.median, floorMedian = floors.median
        if json {
            printJSON([
                "model": model.rawValue, "batch_size": configuration.batchSize, "batches": batches,
                "threads": configuration.threads, "blas_kernels": Gemm.blasKernels, "gemm_kernels": CPUInfo.gemmKernels,
                "pytorch_epoch_s": reference, "epoch_s": ours, "pytorch_epoch_s_median": referenceMedian,
                "epoch_s_median": oursMedian, "ratio": referenceMedian / oursMedian,
                "floor_s": floors, "floor_s_median": floorMedian, "efficiency": floorMedian / oursMedian,
                "cpu": CPUInfo.modelName, "openblas_coretype": CPUInfo.forcedBlasCoreType ?? NSNull(),
                "core_round_trip_ns": roundTrips,
            ])
        } else {
            print(String(format: "%@ batch %d, %d batches, %d threads: median PyTorch %.3f s, "
                + "ours %.3f s per epoch: %.2f× faster; GEMM floor %.3f s, efficiency %.0f %%", model.displayName,
                configuration.batchSize, batches, configuration.threads, referenceMedian, oursMedian,
                referenceMedian / oursMedian, floorMedian, 100 * floorMedian / oursMedian))
            print("CPU \(CPUInfo.modelName), \(CPUInfo.blasKernelsDescription)")
        }
    }

    /// Trains `batches` batches after a warm-up, then validates once.
    private func measure(_ configuration: TrainingConfiguration, _ dataset: FashionMNIST) -> Speed {
        let batchSize = configuration.batchSize
        let trainer = Trainer(configuration: configuration, dataset: dataset)
        let order = trainer.split.trainIndices
        func batch(_ number: Int) -> ArraySlice<Int> {
            let start = number * batchSize % (order.count - batchSize)
            return order[start..<start + batchSize]
        }
        for number in 0..<Self.warmupBatches { _ = trainer.step(on: batch(number)) }
        let roundTripBefore = CoreRoundTrip.measure(on: trainer.pool)
        var stepSeconds = [Double]()
        stepSeconds.reserveCapacity(batches)
        let training = Timing.of {
            for number in 0..<batches {
                let start = Timing.wallClock()
                _ = trainer.step(on: batch(Self.warmupBatches + number))
                stepSeconds.append(Timing.wallClock() - start)
            }
        }
        let validation = Timing.of { _ = trainer.validate() }
        let roundTripAfter = CoreRoundTrip.measure(on: trainer.pool)
        let timeline = !jobs ? nil : JobTimeline.record(on: trainer.pool, repeats: Self.jobSteps) {
            _ = trainer.step(on: batch(Self.warmupBatches + batches))
        }
        let imagesPerSecond = Double(batches * batchSize) / training.wall
        // The floor: the same GEMM calls (shapes, kernels, split over the same threads, joins) alone.
        let stepCalls = GemmTrace.record(on: trainer.pool) { _ = trainer.step(on: batch(0)) }
        let validationCalls = GemmTrace.record(on: trainer.pool) { _ = trainer.validate() }
        let floorSeconds = stepCalls.replaySeconds(on: trainer.pool, repeats: 50) * Double(Self.epochImages / batchSize)
            + validationCalls.replaySeconds(on: trainer.pool, repeats: 3)
        let stepJobs = timeline.map { StepJobs(timeline: $0, floors: stepCalls.jobFloors(on: trainer.pool, repeats: 20)) }
        // Adam's pass over the parameters, alone (split over the pool as in training). Moves the weights: last.
        let updates = (0..<50).map { _ in Timing.of { trainer.optimizer.update(pool: trainer.pool) }.wall }
        let optimizerSeconds = updates.median * Double(Self.epochImages / batchSize)
        let optimizerInCacheSeconds = trainer.optimizer.inCacheUpdateSeconds(pool: trainer.pool)
            * Double(Self.epochImages / batchSize)
        // Training FLOPs: forward, weight gradients and the input gradients that are computed.
        return Speed(imagesPerSecond: imagesPerSecond, trainPerEpoch: Double(Self.epochImages) / imagesPerSecond,
                     validSeconds: validation.wall,
                     trainCPUPerEpoch: training.cpu * Double(Self.epochImages) / Double(batches * batchSize),
                     validCPUSeconds: validation.cpu, floorSeconds: floorSeconds, optimizerSeconds: optimizerSeconds,
                     optimizerInCacheSeconds: optimizerInCacheSeconds,
                     gflops: Double(2 * model.trainingMultiplyAddsPerImage) * imagesPerSecond / 1e9,
                     peak: ArithmeticPeak.measure(on: trainer.pool), roundTrip: (roundTripBefore, roundTripAfter),
                     steps: StepSpread(seconds: stepSeconds), jobs: stepJobs)
    }

    /// Runs `python script time …` with our settings and reads its epoch_s.
    private func referenceEpochSeconds(script: String, _ configuration: TrainingConfiguration) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "time", "--model", model.rawValue, "--batches", String(batches),
                             "--batch-size", String(configuration.batchSize), "--threads", String(configuration.threads)]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lastLine = String(decoding: printed, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        guard process.terminationStatus == 0,
              let fields = try? JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any],
              let seconds = fields["epoch_s"] as? Double else {
            let detail = complaint.split(separator: "\n").last.map(String.init) ?? "no output"
            throw UserFacingError(description: """
                the PyTorch reference failed (\(python) \(script), exit \(process.terminationStatus)): \(detail). \
                Give --python a Python that has torch (the script's header says how to install it)
                """)
        }
        return seconds
    }

    private func printJSON(_ fields: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        print(String(decoding: data, as: UTF8.self))
    }
}

/// How the timed steps' wall times spread (the epoch time is their mean).
private struct StepSpread {
    let median, ninetiethPercentile: Double

    init(seconds: [Double]) {
        median = seconds.upperMedian
        let sorted = seconds.sorted()
        ninetiethPercentile = sorted[min(sorted.count - 1, sorted.count * 9 / 10)]
    }
}

/// One measurement of `bench`.
private struct Speed {
    let imagesPerSecond, trainPerEpoch, validSeconds: Double
    /// CPU seconds of all the process's threads (spinning pool threads included), for a loaded machine.
    let trainCPUPerEpoch, validCPUSeconds: Double
    let floorSeconds: Double
    /// Adam's update alone, per epoch: outside the floor, and at batch 20 most of the rest of the step.
    let optimizerSeconds: Double
    /// The same update at its in-L1 speed (Adam.inCacheUpdateSeconds), per epoch: its arithmetic alone.
    let optimizerInCacheSeconds: Double
    let gflops: Double
    /// The CPU's own limit on the same threads (ArithmeticPeak), training FLOPs or not.
    let peak: ArithmeticPeak.Measurement
    /// CoreRoundTrip before and after the timings; nil on one thread.
    let roundTrip: (before: Double?, after: Double?)
    let steps: StepSpread
    /// With --jobs: training steps recorded job by job, and each job's GEMM floor.
    let jobs: StepJobs?
    var peakGflops: Double { peak.flops / 1e9 }
    var epochSeconds: Double { trainPerEpoch + validSeconds }
    /// The GEMM floor over the epoch time: 1 would mean no time outside the GEMM calls.
    var efficiency: Double { floorSeconds / epochSeconds }

    func fields(_ configuration: TrainingConfiguration, _ model: ModelKind) -> [String: Any] {
        ["model": model.rawValue, "recipe": configuration.recipe.rawValue, "batch_size": configuration.batchSize,
         "threads": configuration.threads, "train_images_per_s": imagesPerSecond, "train_s_per_epoch": trainPerEpoch,
         "valid_s": validSeconds, "train_cpu_s_per_epoch": trainCPUPerEpoch, "valid_cpu_s": validCPUSeconds, "epoch_s": epochSeconds, "gflops": gflops, "blas_kernels": Gemm.blasKernels,
         "gemm_kernels": CPUInfo.gemmKernels,
         "floor_s": floorSeconds, "efficiency": efficiency, "optimizer_s": optimizerSeconds,
         "optimizer_in_cache_s": optimizerInCacheSeconds, "cpu": CPUInfo.modelName,
         "openblas_coretype": CPUInfo.forcedBlasCoreType ?? NSNull(),
         "fma_peak_gflops": peakGflops, "fma_peak_lanes": peak.lanes, "fraction_of_peak": gflops / peakGflops,
         "core_round_trip_ns": roundTripField, "step_s_median": steps.median,
         "step_s_p90": steps.ninetiethPercentile, "jobs": jobs?.field ?? NSNull()]
    }

    /// [before, after] in nanoseconds, or null on one thread.
    var roundTripField: Any {
        guard let before = roundTrip.before, let after = roundTrip.after else { return NSNull() }
        return [before, after]
    }

    /// "; cores' round trip 120 → 380 ns", or nothing on one thread.
    var roundTripDescription: String {
        guard let before = roundTrip.before, let after = roundTrip.after else { return "" }
        return String(format: "; cores' round trip %.0f → %.0f ns", before, after)
    }
}
