// The GEMM floor's recorder: it sees every GEMM call of a pass exactly once,
// whichever pool thread made it, keeps the pool's split, and replays without touching the network.
import NeuralNet
import Testing

@Suite("GEMM trace")
struct GemmTraceTests {
    let pool = ComputePool(width: 2)

    /// A forward pass is one GEMM call per layer with weights (im2col for the convolutions), so the calls'
    /// M·N·K add up to the model's multiply-adds per image times the batch, but for the layers of the
    /// direct kernel (conv1), which make no GEMM call. At both batches (20 and 64) every call is recorded and
    /// replayed.
    @Test(arguments: ModelKind.allCases, [20, 64])
    func recordsEveryCallOfAForwardPassOnce(kind: ModelKind, batch: Int) {
        var rng = SplitMix64(seed: 5)
        let network = Network(kind)
        network.initialize(rng: &rng)
        let input = Tensor(shape: [batch, 1, 28, 28], values: (0..<batch * 784).map { _ in rng.nextUniform() })
        let context = PassContext(pool: pool, training: false)
        let logits = network.forward(input, context).values
        let trace = GemmTrace.record(on: pool) { _ = network.forward(input, context) }
        let direct = network.layers.compactMap { $0 as? Conv2d }.map(\.geometry).filter(\.usesDirectKernel)
        let directMultiplyAdds = direct.reduce(0) { $0 + $1.outputChannels * $1.patchSize * $1.outputPixels }
        #expect(kind == .fcnn || directMultiplyAdds > 0, "the CNN's conv1 takes the direct kernel")
        #expect(trace.multiplyAdds == batch * (kind.multiplyAddsPerImage - directMultiplyAdds))
        #expect(trace.parallelJobCount > 0, "a batch of \(batch) is split over both threads")
        #expect(trace.replaySeconds(on: pool, repeats: 3) > 0)
        // Replaying works on scratch buffers: the network's next pass is unchanged.
        #expect(network.forward(input, context).values == logits)
    }

    /// A training step computes no input gradient for the first weight layer (nothing needs it), so its calls add
    /// up to the training multiply-adds, but for the direct kernel's forward pass and weight gradients (conv1).
    @Test(arguments: ModelKind.allCases)
    func aTrainingStepsCallsAreItsTrainingMultiplyAdds(kind: ModelKind) {
        var rng = SplitMix64(seed: 6)
        let network = Network(kind)
        network.initialize(rng: &rng)
        let batch = 20
        let input = Tensor(shape: [batch, 1, 28, 28], values: (0..<batch * 784).map { _ in rng.nextUniform() })
        let context = PassContext(pool: pool, training: true, dropoutSeed: 1)
        let trace = GemmTrace.record(on: pool) {
            let logitsGradient = network.forward(input, context).copy()
            network.backward(logitsGradient, context)
        }
        let direct = network.layers.compactMap { $0 as? Conv2d }.map(\.geometry).filter(\.usesDirectKernel)
        let directMultiplyAdds = direct.reduce(0) { $0 + $1.outputChannels * $1.patchSize * $1.outputPixels }
        #expect(trace.multiplyAdds == batch * (kind.trainingMultiplyAddsPerImage - 2 * directMultiplyAdds))
    }

    /// Each job's floor (`bench --jobs`): every pool job of a training step, in the order and with the sites that
    /// JobTimeline records for the same step, each with its products' time alone; the jobs without products at 0, and
    /// no products outside the pool's jobs.
    @Test(arguments: [1, 2])
    func jobFloorsFollowTheStepsJobs(threads: Int) throws {
        let (network, pool, step) = JobTimelineTests.cnnStep(seed: 7, threads: threads)
        let timeline = try #require(JobTimeline.record(on: pool, repeats: 1, step).summary)
        let trace = GemmTrace.record(on: pool, step)
        let floors = trace.jobFloors(on: pool, repeats: 2)
        #expect(floors.map(\.site) == timeline.map(\.site), "\(floors.map(\.site))")
        let blocks = floors.filter { $0.site?.hasPrefix("NeuralNet/ConvolutionBlock.swift:") == true }.map(\.seconds)
        #expect(blocks.count == 4 && blocks[0] == 0 && blocks[1] > 0 && blocks[2] > 0 && blocks[3] == 0, "\(blocks)")
        // Three forward and three backward passes of fully connected layers (the sum of fc1's partial input
        // gradients and the output layer's bias gradient and update, also at Linear.swift, make none).
        #expect(floors.filter { $0.site?.hasPrefix("NeuralNet/Linear.swift:") == true && $0.seconds > 0 }.count == 6)
        // Replaying works on scratch buffers, whole or job by job: the weights are unchanged.
        let weights = network.store.parameters.map { network.store.read($0) }
        _ = trace.jobFloors(on: pool, repeats: 1)
        #expect(network.store.parameters.map { network.store.read($0) } == weights)
    }

    @Test func recordsNothingOutsideItsWork() {
        let network = Network(.fcnn)
        let context = PassContext(pool: pool, training: false)
        let trace = GemmTrace.record(on: pool) {}
        _ = network.forward(Tensor(shape: [4, 1, 28, 28], values: [Float](repeating: 0.5, count: 4 * 784)), context)
        #expect(trace.multiplyAdds == 0 && trace.parallelJobCount == 0)
    }
}
