// The multiply-add peak of `bench`: its chain leaves the values as they are (so it never overflows or goes
// denormal, whatever the iteration count), and the measurement counts every thread's work.
@testable import NeuralNet
import Testing

@Suite("Arithmetic peak")
struct ArithmeticPeakTests {
    @Test func theChainKeepsItsStartingValues() {
        let starts: [Float] = [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1]
        let expected = 8 * starts.reduce(0, +)
        #expect(abs(ArithmeticPeak.multiplyAddChain(0) - expected) < 1e-4)
        #expect(ArithmeticPeak.multiplyAddChain(100_000) == ArithmeticPeak.multiplyAddChain(0))
    }

    @Test(arguments: [1, 2])
    func theMeasurementIsAPositiveRate(threads: Int) {
        let flops = ArithmeticPeak.flops(on: ComputePool(width: threads), iterations: 100_000, repeats: 1)
        #expect(flops.isFinite && flops > 0)
    }
}
