// The multiply-add peak of `bench`: its chains leave the values as they are (so they never overflow or go
// denormal, whatever the iteration count), and the measurement counts every thread's work at every width. And
// bench's other measure of the machine, the cores' round trip.
import CAVX512
@testable import NeuralNet
import Testing

@Suite("Arithmetic peak")
struct ArithmeticPeakTests {
    static let starts: [Float] = [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1]

    @Test func theChainKeepsItsStartingValues() {
        let expected = 8 * Self.starts.reduce(0, +)
        #expect(abs(ArithmeticPeak.multiplyAddChain(0) - expected) < 1e-4)
        #expect(ArithmeticPeak.multiplyAddChain(100_000) == ArithmeticPeak.multiplyAddChain(0))
    }

    @Test(.enabled(if: ArithmeticPeak.availableLanes.contains(16), "needs a CPU with AVX-512"))
    func theSixteenLaneChainKeepsItsStartingValues() {
        let expected = 16 * Self.starts.reduce(0, +)
        #expect(abs(avx512_fma_chain(0) - expected) < 1e-5 * expected)
        #expect(avx512_fma_chain(100_000) == avx512_fma_chain(0))
    }

    @Test(arguments: [1, 2])
    func theMeasurementIsAPositiveRateAtEveryWidth(threads: Int) {
        let pool = ComputePool(width: threads)
        for lanes in ArithmeticPeak.availableLanes {
            let flops = ArithmeticPeak.flops(on: pool, lanes: lanes, iterations: 100_000, repeats: 1)
            #expect(flops.isFinite && flops > 0, "\(lanes) lanes")
        }
        let best = ArithmeticPeak.measure(on: pool, iterations: 100_000, repeats: 1)
        #expect(ArithmeticPeak.availableLanes.contains(best.lanes) && best.flops > 0)
    }

    /// The cores' round trip (CoreRoundTrip): a positive time on two threads, none on one. A short rally, and a
    /// trial limit of its own: on a loaded machine a spinning part may wait for a time slice.
    @Test func theCoresRoundTripIsMeasuredOnTwoThreadsOnly() throws {
        #expect(CoreRoundTrip.measure(on: ComputePool(width: 1)) == nil)
        let nanoseconds = try #require(CoreRoundTrip.measure(on: ComputePool(width: 2), exchanges: 2_000, trials: 3))
        #expect(nanoseconds.isFinite && nanoseconds > 0, "\(nanoseconds) ns")
    }
}
