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
                    for oy in 0..<oh {
                        let y = oy * stride - padding + ky
                        let line = target + oy * ow
                        guard y >= 0 && y < inputHeight else {
                            line.update(repeating: 0, count: ow)
                            continue
                        }
                        let source = plane + y * inputWidth
                        for ox in 0..<ow {
                            let x = ox * stride - padding + kx
                            line[ox] = x >= 0 && x < inputWidth ? source[x] : 0
                        }
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
                    for oy in 0..<oh {
                        let y = oy * stride - padding + ky
                        guard y >= 0 && y < inputHeight else { continue }
                        let line = source + oy * ow, target = plane + y * inputWidth
                        for ox in 0..<ow {
                            let x = ox * stride - padding + kx
                            if x >= 0 && x < inputWidth { target[x] += line[ox] }
                        }
                    }
                    row += 1
                }
            }
        }
    }
}
