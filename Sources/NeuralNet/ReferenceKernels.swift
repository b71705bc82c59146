// Plain-loop versions of the fast kernels, kept as the reference the fast path is tested against.
// Sums run in float64; activations are float32 or float64 (`Scalar`), weights float32 as stored.

public enum ReferenceKernels {
    /// Direct convolution. - input: (N, C, H, W); weight: (OC, C, k, k); returns (N, OC, OH, OW).
    public static func conv2d<Scalar: BinaryFloatingPoint>(input: [Scalar], batch: Int, weight: [Float], bias: [Float],
                                                           geometry g: ConvGeometry) -> [Scalar] {
        var output = [Scalar](repeating: 0, count: batch * g.outputChannels * g.outputPixels)
        for n in 0..<batch {
            for oc in 0..<g.outputChannels {
                for oy in 0..<g.outputHeight {
                    for ox in 0..<g.outputWidth {
                        var sum = Double(bias[oc])
                        forEachTap(n: n, oc: oc, oy: oy, ox: ox, g) { pixel, tap in
                            sum += Double(input[pixel]) * Double(weight[tap])
                        }
                        output[((n * g.outputChannels + oc) * g.outputHeight + oy) * g.outputWidth + ox] = Scalar(sum)
                    }
                }
            }
        }
        return output
    }

    /// The convolution's weight and bias gradients summed over the batch: dW(oc, c, ky, kx) =
    /// Σ dY(n, oc, oy, ox)·input(n, c, oy·s − p + ky, ox·s − p + kx), db(oc) = Σ dY(n, oc, ·, ·).
    /// - input: (N, C, H, W); outputGradient: (N, OC, OH, OW); returns dW (OC, C, k, k) and db (OC).
    public static func conv2dParameterGradients(input: [Float], outputGradient: [Float], batch: Int,
                                                geometry g: ConvGeometry) -> (weight: [Float], bias: [Float]) {
        var weight = [Double](repeating: 0, count: g.outputChannels * g.patchSize)
        var bias = [Double](repeating: 0, count: g.outputChannels)
        for n in 0..<batch {
            for oc in 0..<g.outputChannels {
                for oy in 0..<g.outputHeight {
                    for ox in 0..<g.outputWidth {
                        let dy = Double(outputGradient[((n * g.outputChannels + oc) * g.outputHeight + oy) * g.outputWidth + ox])
                        bias[oc] += dy
                        forEachTap(n: n, oc: oc, oy: oy, ox: ox, g) { pixel, tap in weight[tap] += dy * Double(input[pixel]) }
                    }
                }
            }
        }
        return (weight.map(Float.init), bias.map(Float.init))
    }

    /// Calls `body(pixel, tap)` for each (c, ky, kx) of output pixel (n, oc, oy, ox) whose input lies inside
    /// the image: the input's flat index (N, C, H, W) and the weight's (OC, C, k, k).
    private static func forEachTap(n: Int, oc: Int, oy: Int, ox: Int, _ g: ConvGeometry, _ body: (Int, Int) -> Void) {
        for c in 0..<g.inputChannels {
            for ky in 0..<g.kernel {
                for kx in 0..<g.kernel {
                    let y = oy * g.stride - g.padding + ky, x = ox * g.stride - g.padding + kx
                    guard y >= 0, y < g.inputHeight, x >= 0, x < g.inputWidth else { continue }
                    body(((n * g.inputChannels + c) * g.inputHeight + y) * g.inputWidth + x,
                         ((oc * g.inputChannels + c) * g.kernel + ky) * g.kernel + kx)
                }
            }
        }
    }

    /// y = x·Wᵀ + b. - input: (N, in); weight: (out, in); returns (N, out).
    public static func linear<Scalar: BinaryFloatingPoint>(input: [Scalar], batch: Int, weight: [Float],
                                                           bias: [Float]) -> [Scalar] {
        let outputs = bias.count, inputs = weight.count / outputs
        var output = [Scalar](repeating: 0, count: batch * outputs)
        for n in 0..<batch {
            for o in 0..<outputs {
                var sum = Double(bias[o])
                for i in 0..<inputs { sum += Double(input[n * inputs + i]) * Double(weight[o * inputs + i]) }
                output[n * outputs + o] = Scalar(sum)
            }
        }
        return output
    }

    /// C = beta·C + op(A)·op(B), row-major, summed in float64; op(A) is m×k, op(B) k×n, op(X) = Xᵀ when
    /// transposed. With beta = 0, C's old values are not read.
    public static func matrixProduct(transposingA: Bool, transposingB: Bool, m: Int, n: Int, k: Int,
                                     a: [Float], lda: Int, b: [Float], ldb: Int,
                                     beta: Float, c: [Float], ldc: Int) -> [Float] {
        var result = c
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let left = transposingA ? a[p * lda + i] : a[i * lda + p]
                    let right = transposingB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(left) * Double(right)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                result[i * ldc + j] = Float(old + sum)
            }
        }
        return result
    }

    /// k×k max pooling, stride k, the first maximum of a window winning ties.
    /// - input: (planes, H, W) → (planes, H/k, W/k)
    public static func maxPool<Scalar: BinaryFloatingPoint>(input: [Scalar], planes: Int, height: Int, width: Int,
                                                            size k: Int) -> [Scalar] {
        let oh = height / k, ow = width / k
        var pooled = [Scalar](repeating: 0, count: planes * oh * ow)
        for plane in 0..<planes {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var best = -Scalar.infinity
                    for dy in 0..<k {
                        for dx in 0..<k { best = max(best, input[(plane * height + oy * k + dy) * width + ox * k + dx]) }
                    }
                    pooled[(plane * oh + oy) * ow + ox] = best
                }
            }
        }
        return pooled
    }
}
