// 2×2 (or k×k) max pooling with stride k. A training pass stores each window's winning index for the
// backward pass; an evaluation pass (validation, scoring) writes only the maxima, and a backward pass
// after it (saliency) finds the winners again in the input, the first element equal to the maximum.
// 2×2 windows run on CAVX512's 16 lanes where the CPU has AVX-512 (avx512_pool2x2), else on 8 (avx2_pool2x2), with
// the bits of the 4-lane Swift loops here, which tests compare them with.
import CAVX512

public final class MaxPool2d: Layer {
    public let size: Int
    private let output = Tensor(shape: [1])
    private let inputGradient = Tensor(shape: [1])
    private var winners = [Int32]()
    /// Whether the last forward pass stored `winners`.
    private var winnersStored = false
    /// The last forward pass's input, searched by a backward pass when no winners were stored.
    private var input: Tensor?
    /// The loops of 2×2 pooling, and of ConvolutionBlock's backward step through it (the Swift ones here run on
    /// 4 lanes). All give the same values and winners; tests set it to compare them.
    var kernel = VectorKernel.fastest

    public init(size: Int = 2) { self.size = size }

    /// - input: (N, C, H, W) → (N, C, H/k, W/k), floor division as PyTorch's.
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        precondition(input.shape.count == 4, "MaxPool2d expects (N, C, H, W), got \(input.shape)")
        self.input = input
        let planes = input.shape[0] * input.shape[1], height = input.shape[2], width = input.shape[3]
        let oh = height / size, ow = width / size, k = size
        output.resize(to: [input.shape[0], input.shape[1], oh, ow])
        let store = context.training
        winnersStored = store
        if store && winners.count < output.count { winners = [Int32](repeating: 0, count: output.count) }
        let x = input.data, y = output.data, kernel = kernel
        winners.withUnsafeMutableBufferPointer { winnerBuffer in
            let best = winnerBuffer.baseAddress
            context.pool.run(work: planes * height * width) { part, parts in
                let range = ComputePool.range(part: part, of: parts, count: planes)
                if k == 2 {
                    let first = range.lowerBound * oh * ow
                    Self.pool2x2(x + range.lowerBound * height * width, planes: range.count, planeSize: height * width,
                                 width: width, outputHeight: oh, outputWidth: ow, values: y + first,
                                 winners: store ? best.map { $0 + first } : nil, kernel: kernel)
                    return
                }
                for plane in range {
                    let source = x + plane * height * width, base = plane * oh * ow
                    for o in 0..<oh * ow {
                        let index = Self.firstMaximum(source, window: o, outputWidth: ow, width: width, size: k)
                        y[base + o] = source[index]
                        if store, let best { best[base + o] = Int32(index) }
                    }
                }
            }
        }
        return output
    }

    /// 2×2 windows of `planes` planes `planeSize` floats apart, into planes of outputHeight × outputWidth maxima,
    /// with each window's winner when `winners` is given, on `kernel`'s loops.
    @inline(__always)
    static func pool2x2(_ source: UnsafePointer<Float>, planes: Int, planeSize: Int, width: Int, outputHeight: Int,
                        outputWidth: Int, values: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>?,
                        kernel: VectorKernel) {
        let outputPlaneSize = outputHeight * outputWidth
        switch kernel {
        case .avx512 where outputWidth <= 16:
            return avx512_pool2x2(source, planes, planeSize, width, outputHeight, outputWidth, outputPlaneSize, values,
                                  winners)
        case .avx512, .avx2:
            return avx2_pool2x2(source, planes, planeSize, width, outputHeight, outputWidth, values, winners)
        case .swift:
            break
        }
        for plane in 0..<planes {
            let input = source + plane * planeSize, maxima = values + plane * outputPlaneSize
            if let winners {
                pool2x2(input, width: width, outputHeight: outputHeight, outputWidth: outputWidth, values: maxima,
                        winners: winners + plane * outputPlaneSize)
            } else {
                pool2x2(input, width: width, outputHeight: outputHeight, outputWidth: outputWidth, values: maxima)
            }
        }
    }

    /// The common 2×2 case, with each window's winner. Ties keep the first element, as PyTorch. Rows of 4 windows
    /// or more (conv1's 14, conv2's 7) take 4 windows at a time, the last run overlapping the one before where the
    /// row is not a multiple of 4 (its windows are computed twice, the same); as scalar selects this was 5 % of a
    /// batch-20 CNN step. The same comparisons in the same order as the scalar loop (`max(v, x)` is
    /// `x >= v ? x : v`), so the same values and winners.
    @inline(__always)
    static func pool2x2(_ source: UnsafePointer<Float>, width: Int, outputHeight: Int, outputWidth: Int,
                        values: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>) {
        guard outputWidth >= 4 else {
            for oy in 0..<outputHeight {
                for ox in 0..<outputWidth {
                    let a = 2 * oy * width + 2 * ox, b = a + 1, c = a + width, d = c + 1
                    // Selects rather than branches: which element wins is data-dependent and unpredictable.
                    var index = a, value = source[a]
                    index = source[b] > value ? b : index; value = max(value, source[b])
                    index = source[c] > value ? c : index; value = max(value, source[c])
                    index = source[d] > value ? d : index; value = max(value, source[d])
                    values[oy * outputWidth + ox] = value
                    winners[oy * outputWidth + ox] = Int32(index)
                }
            }
            return
        }
        // Indices ride along as floats (exact below 2²³; a plane is 784), so that all selects are float blends: with
        // integer vectors chosen by float comparisons, the compiler went lane by lane.
        let input = UnsafeRawPointer(source), evenColumns = SIMD4<Float>(0, 2, 4, 6), below = Float(width)
        let twoToThe23Bits = SIMD4<Int32>(repeating: Int32(bitPattern: Float(0x1p23).bitPattern))
        for oy in 0..<outputHeight {
            var ox = 0
            while ox < outputWidth {
                let run = min(ox, outputWidth - 4), a = 2 * oy * width + 2 * run
                let upper = input.loadUnaligned(fromByteOffset: a * 4, as: SIMD8<Float>.self)
                let lower = input.loadUnaligned(fromByteOffset: (a + width) * 4, as: SIMD8<Float>.self)
                let topLeft = SIMD4<Float>(repeating: Float(a)) + evenColumns
                var value = upper.evenHalf, index = topLeft
                let b = upper.oddHalf, c = lower.evenHalf, d = lower.oddHalf
                index.replace(with: topLeft + 1, where: b .> value); value.replace(with: b, where: b .>= value)
                index.replace(with: topLeft + below, where: c .> value); value.replace(with: c, where: c .>= value)
                index.replace(with: topLeft + (below + 1), where: d .> value); value.replace(with: d, where: d .>= value)
                UnsafeMutableRawPointer(values + oy * outputWidth + run).storeBytes(of: value, as: SIMD4<Float>.self)
                // Float to Int32 by the bits of index + 2²³ (SIMD4<Int32>(index) converts lane by lane, slowly).
                let integers = unsafeBitCast(index + 0x1p23, to: SIMD4<Int32>.self) &- twoToThe23Bits
                UnsafeMutableRawPointer(winners + oy * outputWidth + run).storeBytes(of: integers, as: SIMD4<Int32>.self)
                ox = run + 4
            }
        }
    }

    /// The maxima alone: one loop over a row's windows, which the compiler vectorises (evaluation).
    @inline(__always)
    static func pool2x2(_ source: UnsafePointer<Float>, width: Int, outputHeight: Int, outputWidth: Int,
                                values: UnsafeMutablePointer<Float>) {
        for oy in 0..<outputHeight {
            let upper = source + 2 * oy * width, lower = upper + width, row = values + oy * outputWidth
            for ox in 0..<outputWidth {
                row[ox] = max(max(upper[2 * ox], upper[2 * ox + 1]), max(lower[2 * ox], lower[2 * ox + 1]))
            }
        }
    }

    /// The plane index of the first largest element of window `window` (row-major over the output plane).
    /// NaN never wins, as in the 2×2 loops.
    @inline(__always)
    private static func firstMaximum(_ source: UnsafePointer<Float>, window: Int, outputWidth: Int, width: Int,
                                     size k: Int) -> Int {
        let first = window / outputWidth * k * width + window % outputWidth * k
        var best = first
        for dy in 0..<k {
            for dx in 0..<k where source[first + dy * width + dx] > source[best] { best = first + dy * width + dx }
        }
        return best
    }

    public func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        guard let input else { preconditionFailure("MaxPool2d.backward before forward") }
        precondition(outputGradient.shape == output.shape, "MaxPool2d output \(output.shape), gradient \(outputGradient.shape)")
        inputGradient.resize(to: input.shape)
        let planes = input.shape[0] * input.shape[1], planeSize = input.shape[2] * input.shape[3]
        let ow = output.shape[3], outputPlane = output.shape[2] * ow, width = input.shape[3], k = size
        let x = input.data, dy = outputGradient.data, dx = inputGradient.data, stored = winnersStored
        winners.withUnsafeBufferPointer { winnerBuffer in
            let best = winnerBuffer.baseAddress
            context.pool.run(work: planes * planeSize) { part, parts in
                for plane in ComputePool.range(part: part, of: parts, count: planes) {
                    let target = dx + plane * planeSize, source = x + plane * planeSize
                    target.update(repeating: 0, count: planeSize)
                    for o in 0..<outputPlane {
                        // After an evaluation pass, the winner is found again: the same first maximum.
                        let winner = stored ? Int(best![plane * outputPlane + o])
                            : Self.firstMaximum(source, window: o, outputWidth: ow, width: width, size: k)
                        target[winner] += dy[plane * outputPlane + o]
                    }
                }
            }
        }
        return inputGradient
    }
}
