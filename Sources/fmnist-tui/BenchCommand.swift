// `fmnist-tui bench`: training and validation speed of one model, in the units of the PyTorch reference.
import ArgumentParser
import Foundation
import NeuralNet
import Training

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time training steps and a validation pass; print images/s, seconds per epoch and GFLOP/s.")

    @Option(help: "Model: fcnn or cnn.") var model: ModelKind = .cnn
    @Option(help: "Timed training batches (after 20 warm-up batches).") var batches = 600
    @OptionGroup var recipe: RecipeOptions
    @OptionGroup var data: DataOptions
    @Flag(help: "Print one JSON object.") var json = false

    static let warmupBatches = 20
    static let epochImages = 48_000.0

    func validate() throws {
        try recipe.validate(for: model)
        if batches < 1 { throw ValidationError("--batches \(batches): must be at least 1") }
    }

    func run() throws {
        let configuration = recipe.configuration(for: model)
        let batchSize = configuration.batchSize, threads = configuration.threads
        let trainer = Trainer(configuration: configuration, dataset: try data.load())
        let order = trainer.split.trainIndices
        func batch(_ number: Int) -> ArraySlice<Int> {
            let start = number * batchSize % (order.count - batchSize)
            return order[start..<start + batchSize]
        }
        for number in 0..<Self.warmupBatches { _ = trainer.step(on: batch(number)) }
        let trainStart = Date()
        for number in 0..<batches { _ = trainer.step(on: batch(Self.warmupBatches + number)) }
        let trainSeconds = Date().timeIntervalSince(trainStart)
        let validStart = Date()
        _ = trainer.validate()
        let validSeconds = Date().timeIntervalSince(validStart)

        let imagesPerSecond = Double(batches * batchSize) / trainSeconds
        let trainPerEpoch = Self.epochImages / imagesPerSecond
        // Training FLOPs ≈ 3 × forward (forward, input gradients, weight gradients).
        let gflops = 3 * Double(2 * model.multiplyAddsPerImage) * imagesPerSecond / 1e9
        let result: [String: Any] = [
            "model": model.rawValue, "recipe": configuration.recipe.rawValue, "batch_size": batchSize, "threads": threads,
            "train_images_per_s": imagesPerSecond, "train_s_per_epoch": trainPerEpoch,
            "valid_s": validSeconds, "epoch_s": trainPerEpoch + validSeconds, "gflops": gflops,
            "blas_kernels": Gemm.blasKernels,
        ]
        if json {
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(String(format: "%@  batch %d  threads %d: %.0f img/s, train %.2f s/epoch, validation %.2f s, "
                + "epoch %.2f s, %.1f GFLOP/s (OpenBLAS %@ kernels)", model.displayName, batchSize, threads,
                imagesPerSecond, trainPerEpoch, validSeconds, trainPerEpoch + validSeconds, gflops, Gemm.blasKernels))
        }
    }
}
