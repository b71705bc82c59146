// A direct 3×3 convolution of a one-channel image (the CNN's conv1), forward pass and weight gradients.
//
// As a GEMM, conv1 is 16 × 784 × 9: a K of 9 is too short for sgemm's packing and zeroing to pay, and
// im2col writes 9 copies of the image first. Here each vector of 8 output pixels is 9 loads and
// 9 multiply-adds per output channel from three zero-bordered copies of the image (10 KB, in L1).
// `ReferenceKernels.conv2d` and `conv2dWeightGradient` are the plain loops it is tested against. The forward pass
// runs on CAVX512's loops (avx512_conv3x3_forward on 16 lanes where the CPU has AVX-512, else avx2_conv3x3_forward),
// with the bits of the 8-lane Swift loop here.
import CAVX512

extension ConvGeometry {
    /// One input channel, 3×3, padding 1, stride 1: conv1. Such layers skip im2col and sgemm.
    public var usesDirectKernel: Bool { inputChannels == 1 && kernel == 3 && isSameSizeShift }

    /// output (OC, H·W) = bias + the 3×3 taps of `planes` (from `borderPlanes`) weighted by `weights` (OC, 3, 3).
    /// `kernel` .avx512 or .avx2: whole vectors of pixels by CAVX512's loops (the same bits), the rest here.
    func directForward(planes: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                       output: UnsafeMutablePointer<Float>, kernel: VectorKernel) {
        let w = inputWidth, pixels = outputPixels, planeSize = borderedPlaneSize
        let source = UnsafeRawPointer(planes), target = UnsafeMutableRawPointer(output)
        var p = switch kernel {
        case .avx512: avx512_conv3x3_forward(planes, w, planeSize, pixels, weights, bias, outputChannels, output)
        case .avx2: avx2_conv3x3_forward(planes, w, planeSize, pixels, weights, bias, outputChannels, output)
        case .swift: 0
        }
        while p + 8 <= pixels {
            // The 9 taps of these 8 pixels stay in registers across the output channels.
            let taps = TapVectors(source, pixel: p, width: w, planeSize: planeSize)
            for channel in 0..<outputChannels {
                let k = weights + channel * 9
                let sum = taps.weightedSum(k, start: SIMD8(repeating: bias[channel]))
                target.storeBytes(of: sum, toByteOffset: (channel * pixels + p) * 4, as: SIMD8<Float>.self)
            }
            p += 8
        }
        for pixel in p..<pixels {
            for channel in 0..<outputChannels {
                var sum = bias[channel]
                for tap in 0..<9 { sum += weights[channel * 9 + tap] * planes[(tap % 3) * planeSize + tap / 3 * w + pixel] }
                output[channel * pixels + pixel] = sum
            }
        }
    }

    /// One image's weight gradients (OC, 3, 3) and bias gradients (OC) from its output gradient (OC, H·W):
    /// dW(oc, ky, kx) = Σ_p dY(oc, p)·tap(ky, kx, p), db(oc) = Σ_p dY(oc, p). Written when `overwrite`,
    /// else added. (On 16 lanes these sums would round differently, and change every CNN run's numbers; the
    /// forward pass alone has an AVX-512 version, whose outputs are the same bits.)
    func directWeightGradients(planes: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                               weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
                               overwrite: Bool) {
        typealias V = SIMD8<Float>
        let w = inputWidth, pixels = outputPixels, planeSize = borderedPlaneSize
        let source = UnsafeRawPointer(planes), gradients = UnsafeRawPointer(outputGradient)
        for channel in 0..<outputChannels {
            // Ten running vectors (9 taps and the bias): a single running sum would wait on each addition.
            var sums = TapVectors(), biasSum = V()
            var p = 0
            while p + 8 <= pixels {
                let dy = gradients.loadUnaligned(fromByteOffset: (channel * pixels + p) * 4, as: V.self)
                sums.addProducts(of: TapVectors(source, pixel: p, width: w, planeSize: planeSize), with: dy)
                biasSum += dy
                p += 8
            }
            var biasTotal = biasSum.sum()
            for pixel in p..<pixels {
                let dy = outputGradient[channel * pixels + pixel]
                for tap in 0..<9 { sums.addToFirstLane(tap, dy * planes[(tap % 3) * planeSize + tap / 3 * w + pixel]) }
                biasTotal += dy
            }
            let k = weightGradient + channel * 9
            for tap in 0..<9 { k[tap] = overwrite ? sums.laneSum(tap) : k[tap] + sums.laneSum(tap) }
            biasGradient[channel] = overwrite ? biasTotal : biasGradient[channel] + biasTotal
        }
    }
}

/// The 9 taps (ky, kx) of 8 consecutive output pixels, as vectors, in the weights' order ky·3 + kx.
private struct TapVectors {
    typealias V = SIMD8<Float>
    var t0 = V(), t1 = V(), t2 = V(), t3 = V(), t4 = V(), t5 = V(), t6 = V(), t7 = V(), t8 = V()

    init() {}

    @inline(__always)
    init(_ planes: UnsafeRawPointer, pixel p: Int, width w: Int, planeSize: Int) {
        func load(_ ky: Int, _ kx: Int) -> V {
            planes.loadUnaligned(fromByteOffset: (kx * planeSize + ky * w + p) * 4, as: V.self)
        }
        t0 = load(0, 0); t1 = load(0, 1); t2 = load(0, 2)
        t3 = load(1, 0); t4 = load(1, 1); t5 = load(1, 2)
        t6 = load(2, 0); t7 = load(2, 1); t8 = load(2, 2)
    }

    /// start + Σ k[t]·tap t
    @inline(__always)
    func weightedSum(_ k: UnsafePointer<Float>, start: V) -> V {
        var sum = start
        sum.addProduct(t0, k[0]); sum.addProduct(t1, k[1]); sum.addProduct(t2, k[2])
        sum.addProduct(t3, k[3]); sum.addProduct(t4, k[4]); sum.addProduct(t5, k[5])
        sum.addProduct(t6, k[6]); sum.addProduct(t7, k[7]); sum.addProduct(t8, k[8])
        return sum
    }

    /// self += taps · dy, tap by tap.
    @inline(__always)
    mutating func addProducts(of taps: TapVectors, with dy: V) {
        t0.addProduct(taps.t0, dy); t1.addProduct(taps.t1, dy); t2.addProduct(taps.t2, dy)
        t3.addProduct(taps.t3, dy); t4.addProduct(taps.t4, dy); t5.addProduct(taps.t5, dy)
        t6.addProduct(taps.t6, dy); t7.addProduct(taps.t7, dy); t8.addProduct(taps.t8, dy)
    }

    /// Adds a scalar product (of a pixel past the last whole vector) to a tap's sum.
    @inline(__always)
    mutating func addToFirstLane(_ tap: Int, _ value: Float) {
        switch tap {
        case 0: t0[0] += value
        case 1: t1[0] += value
        case 2: t2[0] += value
        case 3: t3[0] += value
        case 4: t4[0] += value
        case 5: t5[0] += value
        case 6: t6[0] += value
        case 7: t7[0] += value
        default: t8[0] += value
        }
    }

    /// A tap's 8 lanes summed.
    @inline(__always)
    func laneSum(_ tap: Int) -> Float {
        switch tap {
        case 0: t0.sum()
        case 1: t1.sum()
        case 2: t2.sum()
        case 3: t3.sum()
        case 4: t4.sum()
        case 5: t5.sum()
        case 6: t6.sum()
        case 7: t7.sum()
        default: t8.sum()
        }
    }
}
