// The two medians of repeated timings: the GEMM floor's replays, the job tables, the step statistics and the
// machine's probes take the upper median (a measured value); `bench --against-pytorch` and Adam's update timed
// alone take the usual one.
import NeuralNet
import Testing

@Suite("Medians")
struct MedianTests {
    @Test func oddCountsHaveOneMiddle() {
        let timings: [Double] = [3, 1, 2]
        #expect(timings.median == 2)
        #expect(timings.upperMedian == 2)
    }

    @Test func evenCountsTakeTheMeanOrTheUpperOfTheTwoMiddleValues() {
        let timings: [Double] = [4, 1, 3, 2]
        #expect(timings.median == 2.5)
        #expect(timings.upperMedian == 3)
    }

    @Test func noTimingsGiveZero() {
        #expect([Double]().median == 0)
        #expect([Double]().upperMedian == 0)
    }
}
