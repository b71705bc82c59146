// Dropout's 16-lane AVX-512 mask loop against its Swift loop, bit for bit, and its masks against their definition.
@testable import NeuralNet
import Testing

@Suite("Dropout masks")
struct DropoutMaskTests {
    /// Forward values and the scales a backward pass of ones returns, for one layer's loop.
    static func pass(avx512: Bool, count: Int, width: Int, seed: UInt64) -> (output: [Float], scales: [Float]) {
        let dropout = Dropout(probability: 0.3, salt: 2)
        dropout.usesAVX512 = avx512
        let context = PassContext(pool: ComputePool(width: width), training: true, dropoutSeed: seed)
        var rng = SplitMix64(seed: seed)
        let input = Tensor(shape: [1, count], values: (0..<count).map { _ in rng.nextUniform() - 0.5 })
        let output = dropout.forward(input, context).values
        let scales = dropout.backward(Tensor(shape: [1, count], values: [Float](repeating: 1, count: count)), context,
                                      needsInputGradient: true)!.values
        return (output, scales)
    }

    /// Counts that are and are not multiples of 16 lanes and of the pool's 64-element granule, one of them large
    /// enough to be split over two threads (the CNN's flatten dropout at batch 20).
    @Test(.enabled(if: Gemm.cpuHasAVX512, "this CPU has no AVX-512"),
          arguments: [1, 15, 16, 17, 100, 1000, 31_360])
    func avx512LoopEqualsSwiftLoopBitForBit(count: Int) {
        for width in [1, 2] {
            let wide = Self.pass(avx512: true, count: count, width: width, seed: 77)
            let narrow = Self.pass(avx512: false, count: count, width: width, seed: 77)
            #expect(wide.output.map(\.bitPattern) == narrow.output.map(\.bitPattern), "outputs, \(width) threads")
            #expect(wide.scales == narrow.scales, "masks, \(width) threads")
        }
    }

    /// Element i is dropped exactly when SplitMix64.mix(key + i) >> 32 < p·2³², whichever loop draws it.
    @Test(arguments: [false, true])
    func masksFollowTheirDefinition(avx512: Bool) {
        let count = 3000, seed: UInt64 = 5
        let scales = Self.pass(avx512: avx512 && Gemm.cpuHasAVX512, count: count, width: 2, seed: seed).scales
        let key = SplitMix64.mix(seed ^ (2 &* 0x9E37_79B9_7F4A_7C15))
        let threshold = UInt64(Double(Float(0.3)) * 0x1p32)
        let expected = (0..<count).map { SplitMix64.mix(key &+ UInt64($0)) >> 32 < threshold ? Float(0) : 1 / (1 - 0.3) }
        #expect(scales == expected)
        let dropped = scales.filter { $0 == 0 }.count
        #expect(dropped > 800 && dropped < 1000, "about 30 % of 3000 dropped, got \(dropped)")
    }
}
