// Fast kernels against plain loops; the compute pool's split.
import CAVX512
@testable import NeuralNet
import Testing

@Suite("Kernels against references")
struct KernelTests {
    @Test(arguments: [(1, 1, 1), (0, 1, 2), (2, 2, 1)])
    func convolutionMatchesDirectLoops(padding: Int, stride: Int, width: Int) {
        let store = ParameterStore(specs: [("w", [6, 4, 3, 3]), ("b", [6])])
        var rng = SplitMix64(seed: 21)
        let weights = (0..<216).map { _ in rng.nextUniform() - 0.5 }, bias = (0..<6).map { _ in rng.nextUniform() }
        store.write(store["w"], weights)
        store.write(store["b"], bias)
        let conv = Conv2d(store, weight: "w", bias: "b", padding: padding, stride: stride, inputSize: (9, 7))
        let input = (0..<5 * 4 * 63).map { _ in rng.nextUniform() }
        let fast = conv.forward(Tensor(shape: [5, 4, 9, 7], values: input),
                                PassContext(pool: ComputePool(width: width), training: false)).values
        let naive = ReferenceKernels.conv2d(input: input, batch: 5, weight: weights, bias: bias, geometry: conv.geometry)
        #expect(fast.count == naive.count)
        #expect(zip(fast, naive).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// One-channel 3×3 layers (conv1) take the direct kernel instead of im2col and sgemm: its output and
    /// weight gradients against plain loops, on sizes whose pixels are and are not a multiple of 8 and of 16 (the
    /// vectors' tails), batches split over 1 and 2 threads, 16 output channels and 3; the forward pass in the Swift
    /// loop, on CAVX512's 8 lanes, and on its 16 where the CPU has AVX-512, which must give the Swift loop's bits.
    @Test(arguments: [(28, 28, 2, 16), (14, 14, 2, 16), (5, 7, 1, 16), (1, 3, 2, 16), (9, 11, 2, 16), (5, 5, 2, 3)])
    func directConvolutionMatchesPlainLoops(height: Int, width: Int, threads: Int, channels: Int) {
        let swiftLoop = directConvolution(height: height, width: width, threads: threads, channels: channels,
                                          kernel: .swift)
        for kernel in Gemm.cpuHasAVX512 ? [VectorKernel.avx2, .avx512] : [.avx2] {
            let vectors = directConvolution(height: height, width: width, threads: threads, channels: channels,
                                            kernel: kernel)
            #expect(vectors.map(\.bitPattern) == swiftLoop.map(\.bitPattern), "\(kernel)")
        }
    }

    /// Checks one direct-kernel pass against plain loops; returns its output.
    private func directConvolution(height: Int, width: Int, threads: Int, channels: Int, kernel: VectorKernel) -> [Float] {
        let store = ParameterStore(specs: [("w", [channels, 1, 3, 3]), ("b", [channels])])
        var rng = SplitMix64(seed: 43)
        let weights = (0..<channels * 9).map { _ in rng.nextUniform() - 0.5 }
        let bias = (0..<channels).map { _ in rng.nextUniform() - 0.5 }
        store.write(store["w"], weights)
        store.write(store["b"], bias)
        let conv = Conv2d(store, weight: "w", bias: "b", padding: 1, inputSize: (height, width))
        conv.directKernel = kernel
        #expect(conv.geometry.usesDirectKernel)
        let batch = 5, pixels = height * width
        let input = (0..<batch * pixels).map { _ in rng.nextUniform() }
        let outputGradient = (0..<batch * channels * pixels).map { _ in rng.nextUniform() - 0.5 }
        let context = PassContext(pool: ComputePool(width: threads), training: true)
        let output = conv.forward(Tensor(shape: [batch, 1, height, width], values: input), context).values
        let naive = ReferenceKernels.conv2d(input: input, batch: batch, weight: weights, bias: bias, geometry: conv.geometry)
        #expect(output.count == naive.count)
        #expect(zip(output, naive).allSatisfy { abs($0 - $1) < 1e-5 })
        _ = conv.backward(Tensor(shape: [batch, channels, height, width], values: outputGradient), context,
                          needsInputGradient: false)
        let expected = ReferenceKernels.conv2dParameterGradients(input: input, outputGradient: outputGradient, batch: batch,
                                                                 geometry: conv.geometry)
        let dw = store.readGradient(store["w"]), db = store.readGradient(store["b"])
        #expect(zip(dw, expected.weight).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(zip(db, expected.bias).allSatisfy { abs($0 - $1) < 1e-4 })
        return output
    }

    /// Linear splits its GEMMs over the parts by W's rows, dX too (a partial product over each part's rows, then
    /// their sum); with 10 outputs one part owns all rows, and with 40 outputs (3 granules of rows) on 4 threads
    /// the first part owns none. The pass runs at each width in turn (the dashboard changes a trainer's width):
    /// from 3 to 4 threads, the first part's partial product is left from the pass before and must not be summed.
    /// Gradients of the last pass against plain loops.
    @Test(arguments: [(8, 10, 4096, [2]), (4, 40, 2000, [2]), (20, 512, 784, [2]), (4, 40, 2000, [3]),
                      (4, 40, 2000, [3, 4]), (20, 512, 784, [3])])
    func linearSplitOverThreadsMatchesPlainLoops(batch: Int, outputs: Int, inputs: Int, widths: [Int]) {
        let store = ParameterStore(specs: [("w", [outputs, inputs]), ("b", [outputs])])
        var rng = SplitMix64(seed: 17)
        let weights = (0..<outputs * inputs).map { _ in rng.nextUniform() - 0.5 }
        store.write(store["w"], weights)
        let x = (0..<batch * inputs).map { _ in rng.nextUniform() }, dy = (0..<batch * outputs).map { _ in rng.nextUniform() - 0.5 }
        let linear = Linear(store, weight: "w", bias: "b")
        let pool = ComputePool(width: widths.max()!)
        let context = PassContext(pool: pool, training: true)
        _ = linear.forward(Tensor(shape: [batch, inputs], values: x), context)
        var dx = [Float]()
        for width in widths {
            pool.width = width
            dx = linear.backward(Tensor(shape: [batch, outputs], values: dy), context, needsInputGradient: true)!.values
        }
        let dw = store.readGradient(store["w"]), db = store.readGradient(store["b"])
        var worst: Float = 0
        for row in 0..<batch {
            for i in 0..<inputs {
                let expected = (0..<outputs).reduce(Float(0)) { $0 + dy[row * outputs + $1] * weights[$1 * inputs + i] }
                worst = max(worst, abs(dx[row * inputs + i] - expected))
            }
        }
        for o in 0..<outputs {
            worst = max(worst, abs(db[o] - (0..<batch).reduce(Float(0)) { $0 + dy[$1 * outputs + o] }))
            for i in stride(from: 0, to: inputs, by: 7) {
                let expected = (0..<batch).reduce(Float(0)) { $0 + dy[$1 * outputs + o] * x[$1 * inputs + i] }
                worst = max(worst, abs(dw[o * inputs + i] - expected))
            }
        }
        #expect(worst < 1e-4, "largest difference \(worst)")
    }

    /// The output layer's 10 weight rows do not split over the parts, so its passes split by images (the forward
    /// pass and dX) and by input features (dW), and the loss by rows: at batch 128 on two threads, the logits, the
    /// loss, every gradient and the optimizer's step are the bits of one thread.
    @Test func theOutputLayerSplitByImagesKeepsOneThreadsBits() throws {
        func pass(width: Int) throws -> (bits: [[UInt32]], loss: UInt64, parts: [Int]) {
            let store = ParameterStore(specs: [("w", [10, 256]), ("b", [10])])
            var rng = SplitMix64(seed: 29)
            store.write(store["w"], (0..<2560).map { _ in rng.nextUniform() - 0.5 })
            store.write(store["b"], (0..<10).map { _ in rng.nextUniform() - 0.5 })
            let x = Tensor(shape: [128, 256], values: (0..<128 * 256).map { _ in rng.nextUniform() })
            let labels = (0..<128).map { Int32($0 * 7 % 10) }
            let linear = Linear(store, weight: "w", bias: "b"), optimizer = Adam(store)
            let pool = ComputePool(width: width), gradient = Tensor(shape: [1])
            var logits = [Float](), dx = [Float](), loss = 0.0
            let timeline = JobTimeline.record(on: pool, repeats: 1) {
                optimizer.beginStep()
                let context = PassContext(pool: pool, training: true, optimizer: optimizer)
                let output = linear.forward(x, context)
                logits = output.values
                loss = labels.withUnsafeBufferPointer {
                    CrossEntropy(labelSmoothing: 0.1).loss(logits: output, labels: $0, gradient: gradient, pool: pool)
                }
                dx = linear.backward(gradient, context, needsInputGradient: true)!.values
            }
            let bits = [logits, gradient.values, dx, store.readGradient(store["w"]), store.readGradient(store["b"]),
                        store.read(store["w"]), store.read(store["b"])].map { $0.map(\.bitPattern) }
            return (bits, loss.bitPattern, try #require(timeline.summary).map(\.parts))
        }
        let one = try pass(width: 1), two = try pass(width: 2)
        // The forward pass, the loss and the backward pass's products each ran on both threads.
        #expect(two.parts.filter { $0 == 2 }.count == 3, "\(two.parts)")
        #expect(two.bits == one.bits && two.loss == one.loss)
    }

    /// The branch-free 2×2 pooling against plain loops, on rows of 4 windows or more (vectors, the last run
    /// overlapping where the row is not a multiple of 4) and of fewer (scalar); values with many ties check that the
    /// first maximum wins, as in PyTorch. Gradients land on the winners: stored by a training pass, found
    /// again in the input after an evaluation pass.
    @Test(arguments: [(6, 16, true), (28, 28, true), (14, 14, true), (4, 34, true), (3, 7, true), (6, 10, true),
                      (4, 9, true), (5, 32, true), (7, 29, true), (6, 16, false), (28, 28, false), (14, 14, false),
                      (4, 34, false), (3, 7, false), (5, 32, false)])
    func maxPoolMatchesPlainLoops(height: Int, width: Int, training: Bool) {
        var rng = SplitMix64(seed: 13)
        let values = (0..<2 * height * width).map { _ in Float(Int(rng.nextUniform() * 4)) }
        let pool = MaxPool2d(size: 2), context = PassContext(pool: ComputePool(width: 2), training: training)
        let output = pool.forward(Tensor(shape: [1, 2, height, width], values: values), context).values
        let oh = height / 2, ow = width / 2
        var expected = [Float](), expectedGradient = [Float](repeating: 0, count: values.count)
        for plane in 0..<2 {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var best = plane * height * width + 2 * oy * width + 2 * ox
                    for (dy, dx) in [(0, 1), (1, 0), (1, 1)] {
                        let index = plane * height * width + (2 * oy + dy) * width + 2 * ox + dx
                        if values[index] > values[best] { best = index }
                    }
                    expected.append(values[best])
                    expectedGradient[best] = Float(expected.count)
                }
            }
        }
        #expect(output == expected)
        let gradient = Tensor(shape: [1, 2, oh, ow], values: (1...expected.count).map(Float.init))
        #expect(pool.backward(gradient, context, needsInputGradient: true)!.values == expectedGradient)
    }

    /// 2×2 pooling on CAVX512's 8 lanes (any CPU) and 16 lanes (where the CPU has AVX-512; rows of up to 16 windows,
    /// longer ones on 8): its maxima and winners must be the 4-lane Swift loops' bits, with ties, NaNs and zeros of both
    /// signs, on rows of 1 to 17 windows, with and without winners (training and evaluation passes).
    @Test(arguments: [(28, 28), (14, 14), (3, 2), (5, 8), (9, 31), (4, 32), (4, 34), (1, 6)], [true, false])
    func maxPoolOnCAVX512EqualsTheSwiftLoops(size: (height: Int, width: Int), training: Bool) {
        let (height, width) = size
        var rng = SplitMix64(seed: 19)
        let special: [Float] = [.nan, 0, -0.0, 1, 1, -1]
        let values = (0..<3 * height * width).map { _ in
            rng.nextUniform() < 0.3 ? special[Int(rng.nextUniform() * 6) % 6] : rng.nextUniform() - 0.5
        }
        let input = Tensor(shape: [1, 3, height, width], values: values)
        let gradient = Tensor(shape: [1, 3, height / 2, width / 2],
                              values: (0..<3 * (height / 2) * (width / 2)).map { Float($0 + 1) })
        func pass(_ kernel: VectorKernel) -> [UInt32] {
            let pool = MaxPool2d(size: 2), context = PassContext(pool: ComputePool(width: 2), training: training)
            pool.kernel = kernel
            let output = pool.forward(input, context).values
            let inputGradient = training ? pool.backward(gradient, context, needsInputGradient: true)!.values : []
            return (output + inputGradient).map(\.bitPattern)
        }
        let swiftLoops = pass(.swift)
        for kernel in Gemm.cpuHasAVX512 ? [VectorKernel.avx2, .avx512] : [.avx2] {
            #expect(pass(kernel) == swiftLoops, "\(kernel)")
        }
    }

    /// avx2_pool2x2 stores whole vectors that run on into the rows after a short one: it must still write nothing
    /// past the planes it was given, whatever their number and rows.
    @Test(arguments: [1, 2, 3, 7, 8, 9, 17])
    func eightLanePoolingWritesNothingPastItsPlanes(outputWidth: Int) {
        for (planes, outputHeight) in [(1, 1), (3, 1), (2, 3)] {
            let width = 2 * outputWidth, planeSize = 2 * outputHeight * width, count = planes * outputHeight * outputWidth
            var rng = SplitMix64(seed: 8)
            let source = (0..<planes * planeSize).map { _ in rng.nextUniform() }
            let guardValue: Float = -7
            var values = [Float](repeating: guardValue, count: count + 8)
            var winners = [Int32](repeating: -7, count: count + 8)
            for storesWinners in [true, false] {
                values.withUnsafeMutableBufferPointer { values in
                    winners.withUnsafeMutableBufferPointer { winners in
                        avx2_pool2x2(source, planes, planeSize, width, outputHeight, outputWidth, values.baseAddress!,
                                     storesWinners ? winners.baseAddress! : nil)
                    }
                }
                #expect(values[count...].allSatisfy { $0 == guardValue }, "\(planes) planes of \(outputHeight) rows")
                #expect(winners[count...].allSatisfy { $0 == -7 }, "\(planes) planes of \(outputHeight) rows")
                #expect(values[..<count].allSatisfy { $0 >= 0 }, "every maximum written")
            }
        }
    }

    /// Windows other than 2×2 by the general loops, against the plain-loop reference; a training pass's
    /// stored winners and an evaluation pass's search send the gradient to the same elements.
    @Test func maxPoolOfThreeMatchesPlainLoopsInBothModes() {
        var rng = SplitMix64(seed: 14)
        let values = (0..<2 * 7 * 9).map { _ in Float(Int(rng.nextUniform() * 3)) }
        let input = Tensor(shape: [1, 2, 7, 9], values: values)
        let gradient = Tensor(shape: [1, 2, 2, 3], values: (1...12).map(Float.init))
        func pass(training: Bool) -> (output: [Float], inputGradient: [Float]) {
            let pool = MaxPool2d(size: 3), context = PassContext(pool: ComputePool(width: 2), training: training)
            let output = pool.forward(input, context).values
            return (output, pool.backward(gradient, context, needsInputGradient: true)!.values)
        }
        let trained = pass(training: true), evaluated = pass(training: false)
        #expect(trained.output == ReferenceKernels.maxPool(input: values, planes: 2, height: 7, width: 9, size: 3))
        #expect(evaluated.output == trained.output)
        #expect(evaluated.inputGradient == trained.inputGradient)
        #expect(trained.inputGradient.reduce(0, +) == 78, "every window's gradient lands once")
    }

    /// Same-size stride-1 convolutions take contiguous runs; they must equal the line-by-line
    /// im2col and col2im exactly, borders included.
    @Test(arguments: [(3, 1, 28, 28), (3, 1, 14, 14), (5, 2, 7, 9), (1, 0, 4, 3), (3, 1, 1, 1), (5, 2, 2, 3)])
    func shiftedUnfoldAndFoldEqualTheLineByLineLoops(kernel: Int, padding: Int, height: Int, width: Int) {
        let g = ConvGeometry(inputChannels: 3, outputChannels: 2, kernel: kernel, padding: padding, stride: 1,
                             inputHeight: height, inputWidth: width)
        #expect(g.isSameSizeShift)
        var rng = SplitMix64(seed: 3)
        var image = (0..<3 * g.inputPlaneSize).map { _ in rng.nextUniform() + 1 }
        let entries = g.patchSize * g.outputPixels, rowStride = g.outputPixels
        var shifted = [Float](repeating: -1, count: entries), byLines = [Float](repeating: -2, count: entries)
        shifted.withUnsafeMutableBufferPointer { g.unfoldShifted(&image, into: $0.baseAddress!, rowStride: rowStride) }
        byLines.withUnsafeMutableBufferPointer { g.unfoldByLines(&image, into: $0.baseAddress!, rowStride: rowStride) }
        #expect(shifted == byLines)
        #expect(shifted.contains(0) == (padding > 0))

        var patches = (0..<entries).map { _ in rng.nextUniform() - 0.5 }, copy = patches
        var foldedShifted = [Float](repeating: 7, count: image.count), foldedByLines = foldedShifted
        g.foldShifted(&patches, rowStride: rowStride, into: &foldedShifted)
        g.foldByLines(&copy, rowStride: rowStride, into: &foldedByLines)
        #expect(foldedShifted == foldedByLines)
    }

    /// conv2's col2im sums each pixel's entries by destination (UnfoldedPatches.fold), on 8 lanes and, where the CPU
    /// has AVX-512, on 16: the same bits as the shifted fold, with zeros of both signs among the entries, kernels of
    /// 1, 3 and 5, and planes whose pixels are and are not a multiple of 8 and 16, some smaller than a vector. The
    /// 8-lane kernel stores whole vectors that run on into the next planes: nothing may be written past the last.
    @Test(arguments: [(3, 1, 14, 14), (3, 1, 28, 28), (5, 2, 7, 9), (1, 0, 4, 3), (3, 1, 1, 1), (5, 2, 2, 3), (3, 1, 4, 4)])
    func foldByDestinationEqualsTheShiftedFold(kernel: Int, padding: Int, height: Int, width: Int) throws {
        let g = ConvGeometry(inputChannels: 3, outputChannels: 2, kernel: kernel, padding: padding, stride: 1,
                             inputHeight: height, inputWidth: width)
        var rng = SplitMix64(seed: 8)
        let entries = g.patchSize * g.outputPixels, rowStride = g.outputPixels
        let special: [Float] = [0, -0.0, 1e-30, -1]
        let patches = (0..<entries).map { _ in
            rng.nextUniform() < 0.3 ? special[Int(rng.nextUniform() * 4) % 4] : rng.nextUniform() - 0.5
        }
        let imageSize = 3 * g.inputPlaneSize, guardValues = 24
        func fold(_ kernel: VectorKernel) -> [Float] {
            var copy = patches, image = [Float](repeating: 7, count: imageSize + guardValues)
            UnfoldedPatches(g).fold(&copy, rowStride: rowStride, geometry: g, kernel: kernel, into: &image)
            return image
        }
        let shifted = fold(.swift)
        #expect(shifted[imageSize...].allSatisfy { $0 == 7 })
        for kernel in Gemm.cpuHasAVX512 ? [VectorKernel.avx2, .avx512] : [.avx2] {
            #expect(fold(kernel).map(\.bitPattern) == shifted.map(\.bitPattern), "\(kernel)")
        }
    }

    /// 16 channels of 28×28 unfold to 144 × 784 floats per image, one GEMM each: a batch of 5 on 2
    /// threads runs several images per part, whose weight gradients each part sums. The batch's
    /// gradients must equal the sums of the single images' gradients, and its outputs the direct loops'.
    @Test func chunkedConvolutionAgreesWithSingleImages() {
        let store = ParameterStore(specs: [("w", [4, 16, 3, 3]), ("b", [4])])
        var rng = SplitMix64(seed: 31)
        let weights = (0..<576).map { _ in rng.nextUniform() - 0.5 }, bias = (0..<4).map { _ in rng.nextUniform() }
        store.write(store["w"], weights)
        store.write(store["b"], bias)
        let conv = Conv2d(store, weight: "w", bias: "b", padding: 1, inputSize: (28, 28))
        let batch = 5, imageSize = 16 * 784, outputSize = 4 * 784
        let input = (0..<batch * imageSize).map { _ in rng.nextUniform() }
        let outputGradient = (0..<batch * outputSize).map { _ in rng.nextUniform() - 0.5 }
        let context = PassContext(pool: ComputePool(width: 2), training: true)

        let output = conv.forward(Tensor(shape: [batch, 16, 28, 28], values: input), context).values
        let naive = ReferenceKernels.conv2d(input: input, batch: batch, weight: weights, bias: bias, geometry: conv.geometry)
        #expect(zip(output, naive).allSatisfy { abs($0 - $1) < 1e-4 })
        let inputGradient = conv.backward(Tensor(shape: [batch, 4, 28, 28], values: outputGradient), context,
                                          needsInputGradient: true)!.values
        let weightGradient = store.allGradients

        var summed = [Float](repeating: 0, count: weightGradient.count)
        for image in 0..<batch {
            _ = conv.forward(Tensor(shape: [1, 16, 28, 28], values: Array(input[image * imageSize..<(image + 1) * imageSize])), context)
            let single = conv.backward(Tensor(shape: [1, 4, 28, 28],
                                              values: Array(outputGradient[image * outputSize..<(image + 1) * outputSize])),
                                       context, needsInputGradient: true)!.values
            #expect(zip(single, inputGradient[image * imageSize..<(image + 1) * imageSize]).allSatisfy { abs($0 - $1) < 1e-5 })
            for (i, gradient) in store.allGradients.enumerated() { summed[i] += gradient }
        }
        #expect(zip(summed, weightGradient).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    /// Training and evaluation passes unfold the patches, and on our kernels the products read them from the images
    /// (AVX-512) or from their bordered planes (AVX2) instead: every way gives the same outputs and gradients, bit for
    /// bit.
    @Test(arguments: [1, 2])
    func unfoldedAndInPlacePatchesGiveTheSameResults(threads: Int) {
        let store = ParameterStore(specs: [("w", [8, 4, 3, 3]), ("b", [8])])
        var rng = SplitMix64(seed: 41)
        store.write(store["w"], (0..<288).map { _ in rng.nextUniform() - 0.5 })
        store.write(store["b"], (0..<8).map { _ in rng.nextUniform() - 0.5 })
        let conv = Conv2d(store, weight: "w", bias: "b", padding: 1, inputSize: (14, 14))
        let input = Tensor(shape: [6, 4, 14, 14], values: (0..<6 * 784).map { _ in rng.nextUniform() })
        let outputGradient = (0..<6 * 8 * 196).map { _ in rng.nextUniform() - 0.5 }
        func results(training: Bool, unfolded: Bool) -> [UInt32] {
            conv.readsPatchesUnfolded = unfolded
            let context = PassContext(pool: ComputePool(width: threads), training: training)
            let y = conv.forward(input, context).values
            let dx = conv.backward(Tensor(shape: [6, 8, 14, 14], values: outputGradient), context, needsInputGradient: true)!
            return (y + dx.values + store.allGradients).map(\.bitPattern)
        }
        let unfoldedFirst = results(training: true, unfolded: false)
        #expect(unfoldedFirst == results(training: false, unfolded: false))
        #expect(unfoldedFirst == results(training: true, unfolded: true))
        #expect(unfoldedFirst == results(training: false, unfolded: true))
    }

    /// The dashboard changes a trainer's width from another thread at any moment, e.g. between a
    /// forward and a backward pass: no layer may keep state from the forward pass that depends on
    /// how its work was split.
    @Test func widthChangedBetweenPassesGivesTheSameGradients() {
        func gradients(forwardWidth: Int, backwardWidth: Int) -> [Float] {
            let network = Network(.cnn)
            var rng = SplitMix64(seed: 12)
            network.initialize(rng: &rng)
            let pool = ComputePool(width: 2)
            let input = Tensor(shape: [6, 1, 28, 28], values: (0..<6 * 784).map { _ in rng.nextUniform() })
            let labels: [Int32] = [0, 1, 2, 3, 4, 5]
            let gradient = Tensor(shape: [1])
            pool.width = forwardWidth
            let context = PassContext(pool: pool, training: true, dropoutSeed: 9)
            _ = labels.withUnsafeBufferPointer {
                CrossEntropy().loss(logits: network.forward(input, context), labels: $0, gradient: gradient)
            }
            pool.width = backwardWidth
            network.backward(gradient, context)
            return network.store.allGradients
        }
        let steady = gradients(forwardWidth: 2, backwardWidth: 2)
        let scale = steady.map(abs).max()!
        for (forward, backward) in [(1, 2), (2, 1)] {
            let changed = gradients(forwardWidth: forward, backwardWidth: backward)
            #expect(zip(steady, changed).allSatisfy { abs($0 - $1) <= 1e-5 * scale }, "widths \(forward) → \(backward)")
        }
    }

    @Test(arguments: ModelKind.allCases)
    func modelLogitsMatchThePlainLoopForwardPass(kind: ModelKind) {
        let network = Network(kind)
        var rng = SplitMix64(seed: 5)
        network.initialize(rng: &rng)
        let input = (0..<8 * 784).map { _ in rng.nextUniform() }
        let fast = network.forward(Tensor(shape: [8, 1, 28, 28], values: input),
                                   PassContext(pool: ComputePool(width: 2), training: false)).values
        let naive = network.referenceLogits(input, batch: 8)
        #expect(fast.count == 80)
        let worst = zip(fast, naive).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-4, "largest logit difference \(worst)")
    }

    @Test func poolOfOneAndTwoThreadsAgree() {
        // The same training step on 1 and 2 threads: same loss, gradients equal up to summation order.
        func gradients(width: Int) -> [Float] {
            let network = Network(.cnn)
            var rng = SplitMix64(seed: 8)
            network.initialize(rng: &rng)
            let input = Tensor(shape: [6, 1, 28, 28], values: (0..<6 * 784).map { _ in rng.nextUniform() })
            let context = PassContext(pool: ComputePool(width: width), training: true, dropoutSeed: 3)
            let gradient = Tensor(shape: [1])
            let labels: [Int32] = [0, 1, 2, 3, 4, 5]
            _ = labels.withUnsafeBufferPointer {
                CrossEntropy().loss(logits: network.forward(input, context), labels: $0, gradient: gradient)
            }
            network.backward(gradient, context)
            return network.store.allGradients
        }
        let one = gradients(width: 1), two = gradients(width: 2)
        let scale = one.map(abs).max()!
        #expect(zip(one, two).allSatisfy { abs($0 - $1) <= 1e-5 * scale })
    }

    @Test(arguments: [(10, 2, 1), (7, 3, 1), (100, 2, 16), (5, 4, 16)])
    func poolRangesCoverEverythingOnce(count: Int, parts: Int, granule: Int) {
        let ranges = (0..<parts).map { ComputePool.range(part: $0, of: parts, count: count, granule: granule) }
        #expect(ranges.flatMap { Array($0) } == Array(0..<count))
    }

    @Test func poolRunsEveryPartAcrossManyJobs() {
        let pool = ComputePool(width: 2)
        let sums = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        sums.initialize(repeating: 0, count: 2)
        defer { sums.deallocate() }
        for job in 0..<10_000 { pool.run { part, _ in sums[part] += job } }
        #expect(sums[0] == 49_995_000 && sums[1] == 49_995_000)
    }
}
