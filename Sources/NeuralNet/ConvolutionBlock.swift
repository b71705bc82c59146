// A convolution with the 2×2 max-pooling and the ReLU after it, fused: one job of the pool, image by
// image, so that the convolution's output and its gradient (conv1: 50 KB an image) stay in the core's
// cache instead of crossing memory batch-wide, and two joins per pass go away (issue #17).
//
// The same kernels in the same order as the three layers (Conv2d's per-image passes, MaxPool2d's 2×2
// loops, the ReLU's max and mask), so the same bits. The network runs a block fused only when no point
// inside it is asked for (Network+Points.swift); the layers keep their names, parameters and points.
// The pooling runs on CAVX512's loops (the pooling's `kernel`: 16 lanes where the CPU has AVX-512, else 8), and so
// does the backward step through the ReLU and the pooling where the CPU has AVX-512: the bits of the Swift loops.
import CAVX512

final class ConvolutionBlock {
    /// The indices in `Network.layers` of the convolution, the pooling and the ReLU.
    let layers: ClosedRange<Int>
    private let convolution: Conv2d
    private let pooling: MaxPool2d
    private let relu: ReLU
    /// Set by a fused forward pass, nil after a layer-by-layer one (`forgetFusedPass`).
    private var fusedPass: (input: Tensor, winnersStored: Bool)?
    private let output = Tensor(shape: [1])
    /// Each pooling window's winner, as MaxPool2d's, stored when a backward pass follows (see `forward`).
    private var winners = [Int32]()
    /// Per part: one image's convolution output in the forward pass, its gradient in the backward pass.
    private var partScratch = [Tensor]()

    /// The block of `layers[start...start + 2]`, if they are a convolution, a 2×2 max-pooling and a ReLU.
    init?(_ layers: [Layer], start: Int) {
        guard start + 2 < layers.count, let convolution = layers[start] as? Conv2d,
              let pooling = layers[start + 1] as? MaxPool2d, pooling.size == 2,
              let relu = layers[start + 2] as? ReLU else { return nil }
        self.layers = start...start + 2
        self.convolution = convolution
        self.pooling = pooling
        self.relu = relu
    }

    /// Whether the backward pass may run fused: the last forward pass did, with the winners.
    var runsFusedBackward: Bool { fusedPass?.winnersStored == true }

    /// Marks the block as run layer by layer, at the start of each forward pass.
    func forgetFusedPass() { fusedPass = nil }

    /// After a fused forward pass, runs it again layer by layer, so that the layers hold what their
    /// backward passes and the points inside the block need (a backward pass after validation-style
    /// evaluation, which stores no winners, or gradients asked for inside the block).
    func prepareLayerByLayerBackward(_ context: PassContext) {
        guard let input = fusedPass?.input else { return }
        _ = relu.forward(pooling.forward(convolution.forward(input, context), context), context)
        fusedPass = nil
    }

    /// relu(pool(conv(input))): (N, C, H, W) → (N, OC, OH/2, OW/2), a buffer of the block.
    func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let g = convolution.geometry, n = input.batch, channels = g.outputChannels
        let height = g.outputHeight / 2, width = g.outputWidth / 2, pooledSize = channels * height * width
        let pass = convolution.beginForward(input, context)
        prepareParts(context.pool.maximumWidth)
        output.resize(to: [n, channels, height, width])
        // Winners in training, and in a pass of input gradients only (saliency), whose backward pass follows;
        // not in validation or scoring, which pool faster without them.
        let storesWinners = context.training || !context.computesParameterGradients
        fusedPass = (input, storesWinners)
        if storesWinners && winners.count < output.count { winners = [Int32](repeating: 0, count: output.count) }
        let y = output.data, scratch = partScratch.map(\.data), kernel = pooling.kernel
        winners.withUnsafeMutableBufferPointer { winnerBuffer in
            let best = winnerBuffer.baseAddress
            context.pool.run { part, parts in
                let convolved = scratch[part]
                for image in ComputePool.range(part: part, of: parts, count: n) {
                    pass.image(image, part: part, into: convolved)
                    let pooled = y + image * pooledSize
                    MaxPool2d.pool2x2(convolved, planes: channels, planeSize: g.outputPixels, width: g.outputWidth,
                                      outputHeight: height, outputWidth: width, values: pooled,
                                      winners: storesWinners ? best.map { $0 + image * pooledSize } : nil,
                                      kernel: kernel)
                    for i in 0..<pooledSize { pooled[i] = max(pooled[i], 0) }
                }
            }
        }
        return output
    }

    /// Back through the ReLU, the pooling and the convolution, image by image, after a fused forward pass
    /// that stored the winners (`runsFusedBackward`). Returns ∂loss/∂input when `needsInputGradient`.
    func backward(_ outputGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor? {
        precondition(runsFusedBackward, "a fused backward pass needs a fused forward pass with winners")
        precondition(outputGradient.shape == output.shape, "block output \(output.shape), gradient \(outputGradient.shape)")
        guard let pass = convolution.beginBackward(batch: output.batch, context, needsInputGradient: needsInputGradient)
        else { return nil }
        let g = convolution.geometry, height = output.shape[2], width = output.shape[3], pooledPlane = height * width
        let pooledSize = g.outputChannels * pooledPlane, convolvedSize = g.outputChannels * g.outputPixels
        let y = output.data, dy = outputGradient.data, scratch = partScratch.map(\.data)
        // On 16 lanes when the windows tile the convolution's planes exactly (no odd row or column left over).
        let unpoolsOnAVX512 = pooling.kernel == .avx512 && width <= 16 && 2 * height == g.outputHeight
            && 2 * width == g.outputWidth
        var partsRun = 1
        winners.withUnsafeBufferPointer { winnerBuffer in
            let best = winnerBuffer.baseAddress!
            context.pool.run { part, parts in
                if part == 0 { partsRun = parts }
                let gradient = scratch[part]
                pass.run(part: part, of: parts) { image in
                    // ∂loss/∂conv output: the ReLU's mask, sent to each window's winner (MaxPool2d.backward).
                    if unpoolsOnAVX512 {
                        let first = image * pooledSize
                        avx512_unpool2x2_relu(dy + first, y + first, best + first, g.outputChannels, height, width,
                                              gradient)
                        return UnsafePointer(gradient)
                    }
                    gradient.update(repeating: 0, count: convolvedSize)
                    for channel in 0..<g.outputChannels {
                        let target = gradient + channel * g.outputPixels, base = image * pooledSize + channel * pooledPlane
                        Self.scatterThroughReLU(dy + base, y + base, winners: best + base, count: pooledPlane, into: target)
                    }
                    return UnsafePointer(gradient)
                }
            }
        }
        return convolution.finishBackward(pass, parts: partsRun, context)
    }

    /// target[winners[o]] += (y[o] > 0 ? dy[o] : 0) for o in 0..<count: the ReLU's mask, then each window's
    /// gradient to its winner. In two loops: written as one, the `?:` compiled to a branch on the sign of y,
    /// wrong half the time (7 % of a batch-20 CNN step); alone, the mask loop becomes vector blends.
    @inline(__always)
    private static func scatterThroughReLU(_ dy: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                                           winners: UnsafePointer<Int32>, count: Int,
                                           into target: UnsafeMutablePointer<Float>) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { masked in
            for o in 0..<count {
                // Loaded whatever the sign: a load under the condition compiled to masked loads (AVX2's
                // vmaskmovps, 30 % of this function's time), where this is a blend.
                let gradient = dy[o]
                masked[o] = y[o] > 0 ? gradient : 0
            }
            for o in 0..<count { target[Int(winners[o])] += masked[o] }
        }
    }

    /// Scratch for every part the pool may run (see Conv2d.prepareParts).
    private func prepareParts(_ parts: Int) {
        let g = convolution.geometry
        while partScratch.count < parts { partScratch.append(Tensor(shape: [g.outputChannels * g.outputPixels])) }
    }
}
