// 2×2 (or k×k) max pooling with stride k; stores the winning index for the backward pass.

public final class MaxPool2d: Layer {
    public let size: Int
    private let output = Tensor(shape: [1])
    private let inputGradient = Tensor(shape: [1])
    private var winners = [Int32]()
    private var inputShape = [Int]()

    public init(size: Int = 2) { self.size = size }

    /// - input: (N, C, H, W) → (N, C, H/k, W/k), floor division as PyTorch's.
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        precondition(input.shape.count == 4, "MaxPool2d expects (N, C, H, W), got \(input.shape)")
        inputShape = input.shape
        let planes = input.shape[0] * input.shape[1], height = input.shape[2], width = input.shape[3]
        let oh = height / size, ow = width / size, k = size
        output.resize(to: [input.shape[0], input.shape[1], oh, ow])
        if winners.count < output.count { winners = [Int32](repeating: 0, count: output.count) }
        let x = input.data, y = output.data
        winners.withUnsafeMutableBufferPointer { winnerBuffer in
            let best = winnerBuffer.baseAddress!
            context.pool.run(work: planes * height * width) { part, parts in
                for plane in ComputePool.range(part: part, of: parts, count: planes) {
                    let source = x + plane * height * width, base = plane * oh * ow
                    if k == 2 {
                        Self.pool2x2(source, width: width, outputHeight: oh, outputWidth: ow,
                                     values: y + base, winners: best + base)
                        continue
                    }
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            var bestIndex = oy * k * width + ox * k
                            var bestValue = source[bestIndex]
                            for dy in 0..<k {
                                for dx in 0..<k {
                                    let index = (oy * k + dy) * width + ox * k + dx
                                    if source[index] > bestValue { bestValue = source[index]; bestIndex = index }
                                }
                            }
                            y[base + oy * ow + ox] = bestValue
                            best[base + oy * ow + ox] = Int32(bestIndex)
                        }
                    }
                }
            }
        }
        return output
    }

    /// The common 2×2 case without inner loops. Ties keep the first element, as PyTorch.
    @inline(__always)
    private static func pool2x2(_ source: UnsafePointer<Float>, width: Int, outputHeight: Int, outputWidth: Int,
                                values: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>) {
        for oy in 0..<outputHeight {
            let top = 2 * oy * width
            for ox in 0..<outputWidth {
                let a = top + 2 * ox, b = a + 1, c = a + width, d = c + 1
                // Selects rather than branches: which element wins is data-dependent and unpredictable.
                var index = a, value = source[a]
                index = source[b] > value ? b : index; value = max(value, source[b])
                index = source[c] > value ? c : index; value = max(value, source[c])
                index = source[d] > value ? d : index; value = max(value, source[d])
                values[oy * outputWidth + ox] = value
                winners[oy * outputWidth + ox] = Int32(index)
            }
        }
    }

    public func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        precondition(outputGradient.shape == output.shape, "MaxPool2d output \(output.shape), gradient \(outputGradient.shape)")
        inputGradient.resize(to: inputShape)
        let planes = inputShape[0] * inputShape[1], planeSize = inputShape[2] * inputShape[3]
        let outputPlane = output.shape[2] * output.shape[3]
        let dy = outputGradient.data, dx = inputGradient.data
        winners.withUnsafeBufferPointer { winnerBuffer in
            let best = winnerBuffer.baseAddress!
            context.pool.run(work: planes * planeSize) { part, parts in
                for plane in ComputePool.range(part: part, of: parts, count: planes) {
                    let target = dx + plane * planeSize
                    target.update(repeating: 0, count: planeSize)
                    for o in plane * outputPlane..<(plane + 1) * outputPlane { target[Int(best[o])] += dy[o] }
                }
            }
        }
        return inputGradient
    }
}
