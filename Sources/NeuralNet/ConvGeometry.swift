// Shapes of a convolution and the im2col / col2im transforms between images and patch columns.

public struct ConvGeometry: Sendable, CustomStringConvertible {
    public let inputChannels, outputChannels, kernel, padding, stride: Int
    public let inputHeight, inputWidth: Int
    public var outputHeight: Int { (inputHeight + 2 * padding - kernel) / stride + 1 }
    public var outputWidth: Int { (inputWidth + 2 * padding - kernel) / stride + 1 }
    public var outputPixels: Int { outputHeight * outputWidth }
    public var inputPlaneSize: Int { inputHeight * inputWidth }
    /// Rows of the unfolded matrix: one per (input channel, kernel row, kernel column).
    public var patchSize: Int { inputChannels * kernel * kernel }

    public var description: String {
        "Conv2d(\(inputChannels)→\(outputChannels), k \(kernel), pad \(padding), stride \(stride), input \(inputHeight)×\(inputWidth))"
    }

    /// The output columns ox whose input column ox·s − p + kx lies inside the image.
    @inline(__always)
    private func validColumns(kx: Int) -> Range<Int> {
        let ow = outputWidth
        // ox·s − p + kx ≥ 0  ⇔  ox ≥ ⌈(p − kx) / s⌉;   ox·s − p + kx < W  ⇔  ox ≤ ⌊(W − 1 + p − kx) / s⌋
        let first = max(0, (padding - kx + stride - 1) / stride)
        let last = min(ow - 1, (inputWidth - 1 + padding - kx) / stride)
        return first <= last ? first..<last + 1 : 0..<0
    }

    /// im2col of one image (C, H, W): row (c, ky, kx), column (oy, ox) of `columns` receives
    /// input(c, oy·s − p + ky, ox·s − p + kx), or 0 outside the image.
    func unfold(_ image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>, rowStride: Int) {
        let oh = outputHeight, ow = outputWidth
        var row = 0
        for channel in 0..<inputChannels {
            let plane = image + channel * inputPlaneSize
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    let target = columns + row * rowStride
                    let valid = validColumns(kx: kx)
                    for oy in 0..<oh {
                        let y = oy * stride - padding + ky
                        let line = target + oy * ow
                        // Rows are a few dozen floats: plain loops beat memcpy/memset calls here.
                        guard y >= 0 && y < inputHeight, !valid.isEmpty else {
                            for ox in 0..<ow { line[ox] = 0 }
                            continue
                        }
                        for ox in 0..<valid.lowerBound { line[ox] = 0 }
                        let source = plane + y * inputWidth - padding + kx
                        if stride == 1 {
                            for ox in valid { line[ox] = source[ox] }
                        } else {
                            for ox in valid { line[ox] = source[ox * stride] }
                        }
                        for ox in valid.upperBound..<ow { line[ox] = 0 }
                    }
                    row += 1
                }
            }
        }
    }

    /// col2im: the adjoint of `unfold`; overwrites `image` with the sum of each pixel's column entries.
    func fold(_ columns: UnsafePointer<Float>, rowStride: Int, into image: UnsafeMutablePointer<Float>) {
        let oh = outputHeight, ow = outputWidth
        image.update(repeating: 0, count: inputChannels * inputPlaneSize)
        var row = 0
        for channel in 0..<inputChannels {
            let plane = image + channel * inputPlaneSize
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    let source = columns + row * rowStride
                    let valid = validColumns(kx: kx)
                    for oy in 0..<oh {
                        let y = oy * stride - padding + ky
                        guard y >= 0 && y < inputHeight else { continue }
                        let line = source + oy * ow, target = plane + y * inputWidth - padding + kx
                        if stride == 1 {
                            for ox in valid { target[ox] += line[ox] }
                        } else {
                            for ox in valid { target[ox * stride] += line[ox] }
                        }
                    }
                    row += 1
                }
            }
        }
    }
}
