// The machine's multiply-add peak, measured on the spot: what no kernel of any design can beat.
//
// Each of the pool's threads runs a chain of fused multiply-adds on 12 independent accumulators held in
// registers (no memory traffic), enough to cover the FMA latency on both of a core's FMA pipes: 8-lane vectors,
// the width this engine's Swift code is built for (Haswell's AVX2), and where the CPU has AVX-512, 16-lane ones
// (CAVX512; Zen 5 and Intel's server cores run them at twice the rate, Zen 4 at the same). The peak is the
// wider of the two where it is faster. `bench` sets it beside the GEMM floor: the floor is this engine's limit
// with its GEMM kernels, the peak the CPU's.
import CAVX512
import Foundation

public enum ArithmeticPeak {
    public struct Measurement: Sendable {
        /// FLOP/s on all of the pool's threads.
        public let flops: Double
        /// The vector width that reached it: 8 (AVX2) or 16 (AVX-512).
        public let lanes: Int
    }

    /// The vector widths this CPU runs: 8 lanes always (the build needs AVX2), 16 with AVX-512.
    public static var availableLanes: [Int] { Gemm.cpuHasAVX512 ? [8, 16] : [8] }

    /// The best rate over the available widths, each the best of `repeats` runs of `iterations` steps per
    /// thread (each step 12 FMAs of `lanes` lanes: 24·lanes FLOP).
    public static func measure(on pool: ComputePool, iterations: Int = 20_000_000, repeats: Int = 3) -> Measurement {
        availableLanes.map { Measurement(flops: flops(on: pool, lanes: $0, iterations: iterations, repeats: repeats), lanes: $0) }
            .max { $0.flops < $1.flops }!
    }

    /// FLOP/s of `lanes`-lane chains on all of the pool's current threads, the best of `repeats` runs.
    public static func flops(on pool: ComputePool, lanes: Int, iterations: Int, repeats: Int) -> Double {
        precondition(availableLanes.contains(lanes), "this CPU has no \(lanes)-lane multiply-adds")
        var best = 0.0
        for _ in 0..<repeats {
            var checksums = [Float](repeating: 0, count: pool.maximumWidth)
            let started = DispatchTime.now().uptimeNanoseconds
            var partsRun = 1
            checksums.withUnsafeMutableBufferPointer { sums in
                let sums = sums.baseAddress!
                pool.run { part, parts in
                    if part == 0 { partsRun = parts }
                    sums[part] = lanes == 16 ? avx512_fma_chain(iterations) : multiplyAddChain(iterations)
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            // The checksums keep the chains from being optimised away; they are finite by construction.
            precondition(checksums.allSatisfy(\.isFinite), "the multiply-add chain overflowed")
            best = max(best, Double(partsRun * iterations * 12 * lanes * 2) / seconds)
        }
        return best
    }

    /// 12 accumulators of 8 lanes, each a[i] ← a[i] + a[i]·shrink, `iterations` times; returns their sum.
    @inline(never)
    static func multiplyAddChain(_ iterations: Int) -> Float {
        typealias V = SIMD8<Float>
        // a + a·2⁻³⁰ rounds back to a (half an ulp is 2⁻²⁴·a): the values never change, never go denormal.
        let shrink = V(repeating: -0x1p-30)
        var a0 = V(repeating: 1), a1 = V(repeating: 1.1), a2 = V(repeating: 1.2), a3 = V(repeating: 1.3)
        var a4 = V(repeating: 1.4), a5 = V(repeating: 1.5), a6 = V(repeating: 1.6), a7 = V(repeating: 1.7)
        var a8 = V(repeating: 1.8), a9 = V(repeating: 1.9), a10 = V(repeating: 2.0), a11 = V(repeating: 2.1)
        for _ in 0..<iterations {
            a0.addProduct(a0, shrink); a1.addProduct(a1, shrink); a2.addProduct(a2, shrink)
            a3.addProduct(a3, shrink); a4.addProduct(a4, shrink); a5.addProduct(a5, shrink)
            a6.addProduct(a6, shrink); a7.addProduct(a7, shrink); a8.addProduct(a8, shrink)
            a9.addProduct(a9, shrink); a10.addProduct(a10, shrink); a11.addProduct(a11, shrink)
        }
        let total = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11
        return total.sum()
    }
}
