// Adam and AdamW against hand-computed values, fused into the backward pass, and their moments by parameter; the
// 16-lane AVX-512 loop against the 8-lane Swift one, bit for bit.
@testable import NeuralNet
import Testing

@Suite("Adam")
struct AdamTests {
    @Test func adamStepMatchesHandComputedValues() {
        let store = ParameterStore(specs: [("w", [2, 2]), ("b", [2])])
        store.write(store["w"], [1, -2, 0.5, 0])
        store.write(store["b"], [0.1, 0.2])
        let grads: [Float] = [0.1, -0.3, 0.0, 2.0]
        store.writeGradient(store["w"], grads)
        store.writeGradient(store["b"], [-1, 0.5])
        let adam = Adam(store, learningRate: 0.01)
        adam.update(pool: ComputePool(width: 2))
        // Step 1: m = 0.1 g, v = 0.001 g², m̂ = g, v̂ = g² → p −= lr · g / (|g| + ε) = lr · sign(g)
        let w = store.read(store["w"]), b = store.read(store["b"])
        let expectedW: [Float] = [1 - 0.01, -2 + 0.01, 0.5, 0 - 0.01]
        for (x, y) in zip(w, expectedW) { #expect(abs(x - y) < 1e-6) }
        #expect(abs(b[0] - 0.11) < 1e-6 && abs(b[1] - 0.19) < 1e-6)
        // Step 2 with g = 0.2 for w[0]: m = 0.9·0.01 + 0.1·0.2 = 0.029, v = 0.999·1e-5 + 0.001·0.04 = 4.999e-5
        // m̂ = 0.029 / 0.19, v̂ = 4.999e-5 / 0.001999 → p −= 0.01 · m̂ / (√v̂ + 1e-8)
        store.writeGradient(store["w"], [0.2] + grads.dropFirst())
        adam.update(pool: ComputePool(width: 1))
        let mHat = 0.029 / 0.19, vHat = 4.999e-5 / (1 - 0.999 * 0.999)
        let expected = 0.99 - 0.01 * mHat / (vHat.squareRoot() + 1e-8)
        #expect(abs(Double(store.read(store["w"])[0]) - expected) < 1e-6)
    }

    @Test(arguments: ModelKind.allCases)
    func optimizerInsideBackwardEqualsSeparateUpdate(kind: ModelKind) {
        // The trainer lets each layer apply Adam to its rows as soon as their gradients are ready;
        // that must give exactly the parameters of a backward pass followed by a whole update.
        func parametersAfterTwoSteps(fused: Bool) -> [Float] {
            let network = Network(kind)
            var rng = SplitMix64(seed: 21)
            network.initialize(rng: &rng)
            let adam = Adam(network.store, learningRate: 0.01, weightDecay: 0.05)
            let pool = ComputePool(width: 2)
            let input = Tensor(shape: [40, 1, 28, 28], values: (0..<40 * 784).map { _ in rng.nextUniform() })
            let labels = (0..<40).map { Int32($0 % 10) }
            let initial = network.stateDict().flatMap(\.values)
            for step in 0..<2 {
                if fused { adam.beginStep() }
                let context = PassContext(pool: pool, training: true, dropoutSeed: UInt64(step),
                                          optimizer: fused ? adam : nil)
                let gradient = Tensor(shape: [1])
                _ = labels.withUnsafeBufferPointer {
                    CrossEntropy().loss(logits: network.forward(input, context), labels: $0, gradient: gradient)
                }
                network.backward(gradient, context)
                if !fused { adam.update(pool: pool) }
            }
            let parameters = network.stateDict().flatMap(\.values)
            #expect(zip(parameters, initial).contains { $0 != $1 })
            return parameters
        }
        let fused = parametersAfterTwoSteps(fused: true), separate = parametersAfterTwoSteps(fused: false)
        #expect(zip(fused, separate).filter { $0 != $1 }.count == 0, "parameters that differ")
    }

    @Test func adamWDecaysWeightsOnly() {
        let store = ParameterStore(specs: [("w", [1, 1]), ("b", [1])])
        store.write(store["w"], [2]); store.write(store["b"], [2])
        store.writeGradient(store["w"], [0.5]); store.writeGradient(store["b"], [0.5])
        let adam = Adam(store, learningRate: 0.1, weightDecay: 0.5)
        adam.update(pool: ComputePool(width: 1))
        // w: 2 · (1 − 0.1·0.5) − 0.1 = 1.8;  b: 2 − 0.1 = 1.9
        #expect(abs(store.read(store["w"])[0] - 1.8) < 1e-6)
        #expect(abs(store.read(store["b"])[0] - 1.9) < 1e-6)
    }

    /// The moments read back per parameter, and an optimizer restored from them steps exactly as the original.
    @Test func adamMomentsReadAndRestoreByParameter() {
        let store = ParameterStore(specs: [("w", [3, 2]), ("b", [3])])
        store.write(store["w"], [1, 2, 3, 4, 5, 6]); store.write(store["b"], [1, 2, 3])
        store.writeGradient(store["w"], [0.5, -1, 0, 2, 0.25, -0.5]); store.writeGradient(store["b"], [1, 0, -2])
        let adam = Adam(store, learningRate: 0.01), pool = ComputePool(width: 1)
        adam.update(pool: pool)
        // After one step m = (1 − β1)·g and v = (1 − β2)·g².
        let moments = adam.moments(of: store["b"])
        #expect(zip(moments.first, [Float(0.1), 0, -0.2]).allSatisfy { abs($0 - $1) < 1e-7 })
        #expect(zip(moments.second, [Float(0.001), 0, 0.004]).allSatisfy { abs($0 - $1) < 1e-7 })   // 1 − β2 rounds in float32

        let copy = ParameterStore(specs: [("w", [3, 2]), ("b", [3])])
        for parameter in store.parameters {
            copy.write(parameter, store.read(parameter))
            copy.writeGradient(parameter, store.readGradient(parameter))
        }
        let restored = Adam(copy, learningRate: 0.01)
        restored.restore(step: adam.step, moments: Dictionary(uniqueKeysWithValues: store.parameters.map {
            ($0.name, adam.moments(of: $0))
        }))
        adam.update(pool: pool); restored.update(pool: pool)
        #expect(copy.snapshot() == store.snapshot())
        #expect(store.parameters.allSatisfy { restored.moments(of: $0) == adam.moments(of: $0) })
    }

    /// Where the CPU has AVX-512, `avx512_adam_update` must give the 8-lane loop's bits: on weights (decayed) and
    /// biases, on shapes with padding, by parts of rows and whole, over steps that change the bias corrections.
    @Test(.enabled(if: Gemm.cpuHasAVX512, "this CPU has no AVX-512"), arguments: [Float(0), 0.05])
    func avx512LoopEqualsEightLaneLoopBitForBit(weightDecay: Float) {
        let specs: [(String, [Int])] = [("w", [37, 29]), ("b", [37]), ("k", [16, 1, 3, 3]), ("c", [16])]
        func parametersAfterSteps(avx512: Bool) -> [[Float]] {
            let store = ParameterStore(specs: specs)
            var rng = SplitMix64(seed: 5)
            let adam = Adam(store, learningRate: 0.003, weightDecay: weightDecay)
            adam.usesAVX512 = avx512
            for parameter in store.parameters { store.write(parameter, (0..<parameter.count).map { _ in rng.nextUniform() - 0.5 }) }
            for step in 0..<5 {
                for parameter in store.parameters {
                    store.writeGradient(parameter, (0..<parameter.count).map { _ in (rng.nextUniform() - 0.5) * 0.1 })
                }
                if step % 2 == 0 {
                    adam.update(pool: ComputePool(width: 2))
                } else {
                    adam.beginStep()
                    for parameter in store.parameters {
                        let rows = parameter.shape[0]
                        adam.update(parameter, rows: 0..<min(16, rows))
                        if rows > 16 { adam.update(parameter, rows: 16..<rows) }
                    }
                }
            }
            return store.parameters.flatMap { [store.read($0), adam.moments(of: $0).first, adam.moments(of: $0).second] }
        }
        let wide = parametersAfterSteps(avx512: true), narrow = parametersAfterSteps(avx512: false)
        #expect(wide.joined().contains { $0 != 0 })
        for (wideValues, narrowValues) in zip(wide, narrow) {
            let differing = zip(wideValues, narrowValues).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "elements that differ, of \(wideValues.count)")
        }
    }

    /// `inCacheUpdateSeconds` times the update on scratch slices: a positive time, on one part and on two, and the
    /// store's values, gradients and moments as they were, step count included.
    @Test(arguments: [1, 2])
    func inCacheTimingLeavesTheParametersAndMomentsAlone(threads: Int) {
        let store = ParameterStore(specs: [("w", [64, 100]), ("b", [64])])
        var rng = SplitMix64(seed: 9)
        let adam = Adam(store, learningRate: 0.01, weightDecay: 0.05)
        for parameter in store.parameters {
            store.write(parameter, (0..<parameter.count).map { _ in rng.nextUniform() - 0.5 })
            store.writeGradient(parameter, (0..<parameter.count).map { _ in rng.nextUniform() - 0.5 })
        }
        adam.update(pool: ComputePool(width: 1))
        let values = store.snapshot(), gradients = store.parameters.map(store.readGradient)
        let moments = store.parameters.map(adam.moments), step = adam.step
        let seconds = adam.inCacheUpdateSeconds(pool: ComputePool(width: threads))
        #expect(seconds > 0 && seconds.isFinite)
        #expect(store.snapshot() == values && store.parameters.map(store.readGradient) == gradients)
        #expect(store.parameters.map(adam.moments) == moments && adam.step == step)
    }
}
