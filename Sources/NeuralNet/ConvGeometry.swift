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

    /// A stride-1 convolution whose output has the input's size (k = 2p + 1, as both of ours): each
    /// patch row is the image plane shifted by (ky − p, kx − p), so im2col and col2im are contiguous
    /// runs plus borders instead of loops over short lines.
    var isSameSizeShift: Bool { stride == 1 && outputHeight == inputHeight && outputWidth == inputWidth }

    /// For the patch row (ky, kx) of a same-size shift: the plane offset of the shift, the output
    /// rows that fall inside the image, the flat run of patch entries that may be copied with the
    /// source inside the plane, and the output columns that fall outside the image.
    @inline(__always)
    func shiftedRow(ky: Int, kx: Int) -> (shift: Int, rows: Range<Int>, run: Range<Int>, outside: Range<Int>) {
        let h = inputHeight, w = inputWidth, dy = ky - padding, dx = kx - padding, shift = dy * w + dx
        let top = min(h, max(0, -dy)), rows = top..<max(top, min(h, h - dy))
        // Entries of the run whose source is outside the plane are in outside columns.
        let start = max(rows.lowerBound * w, -shift), end = min(rows.upperBound * w, inputPlaneSize - shift)
        let run = start < end ? start..<end : top * w..<top * w
        let outside = dx < 0 ? 0..<min(w, -dx) : max(0, w - dx)..<w
        return (shift, rows, run, outside)
    }

    /// Calls `body` for every patch row (c, ky, kx) in order, with the row's index and the offset of
    /// its channel's plane.
    @inline(__always)
    func forEachPatchRow(_ body: (_ row: Int, _ planeOffset: Int, _ ky: Int, _ kx: Int) -> Void) {
        var row = 0
        for channel in 0..<inputChannels {
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    body(row, channel * inputPlaneSize, ky, kx)
                    row += 1
                }
            }
        }
    }

    /// im2col of one image (C, H, W): row (c, ky, kx), column (oy, ox) of `columns` receives
    /// input(c, oy·s − p + ky, ox·s − p + kx), or 0 outside the image.
    func unfold(_ image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>, rowStride: Int) {
        if isSameSizeShift {
            unfoldShifted(image, into: columns, rowStride: rowStride)
        } else {
            unfoldByLines(image, into: columns, rowStride: rowStride)
        }
    }

    func unfoldShifted(_ image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>, rowStride: Int) {
        let size = inputPlaneSize
        forEachPatchRow { row, planeOffset, ky, kx in
            let target = columns + row * rowStride, plane = image + planeOffset
            let (shift, rows, run, outside) = shiftedRow(ky: ky, kx: kx)
            for i in 0..<run.lowerBound { target[i] = 0 }
            (target + run.lowerBound).update(from: plane + run.lowerBound + shift, count: run.count)
            for i in run.upperBound..<size { target[i] = 0 }
            zero(columns: outside, rows: rows, of: target)
        }
    }

    /// Zeroes `columns` (at most p of them) in `rows` of a plane, column by column: row by row, the
    /// compiler made each row's one or two stores a memset call.
    @inline(__always)
    private func zero(columns: Range<Int>, rows: Range<Int>, of plane: UnsafeMutablePointer<Float>) {
        let w = inputWidth
        for column in columns {
            var index = rows.lowerBound * w + column
            while index < rows.upperBound * w {
                plane[index] = 0
                index += w
            }
        }
    }

    func unfoldByLines(_ image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>, rowStride: Int) {
        let oh = outputHeight, ow = outputWidth
        forEachPatchRow { row, planeOffset, ky, kx in
            let target = columns + row * rowStride, plane = image + planeOffset
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
        }
    }

    /// Floats of the bordered planes of one image (see `borderPlanes`), plus a vector of slack.
    var borderedPlanesSize: Int { inputChannels * kernel * borderedPlaneSize + 8 }

    /// Floats of one bordered plane: H + 2p rows of W.
    var borderedPlaneSize: Int { (inputHeight + 2 * padding) * inputWidth }

    /// For a same-size shift: the image (C, H, W) as k planes per channel of H + 2p rows of W floats, one per column
    /// shift kx − p: plane c·k + kx, row y + p, column x holds image(c, y, x + kx − p), or 0 outside the image.
    /// Tap (ky, kx) of output pixel q = oy·W + ox is then entry q + ky·W of plane c·k + kx: patch row (c, ky, kx)
    /// of im2col is that plane from row ky on, whole (`UnfoldedPatches.planeRows`). conv1's direct kernel and
    /// avx2_sgemm_rows read them.
    func borderPlanes(_ image: UnsafePointer<Float>, into planes: UnsafeMutablePointer<Float>) {
        let h = inputHeight, w = inputWidth, imageSize = h * w, top = padding * w
        for channel in 0..<inputChannels {
            for kx in 0..<kernel {
                // The image shifted by kx − p as one flat copy; the columns each row's shift brought in from the next
                // or the previous row are then zeroed, and so are the rows above and below.
                let plane = planes + (channel * kernel + kx) * borderedPlaneSize, shift = kx - padding
                let source = image + channel * imageSize
                plane.update(repeating: 0, count: top + max(0, -shift))
                (plane + top + max(0, -shift)).update(from: source + max(0, shift), count: imageSize - abs(shift))
                (plane + top + imageSize - max(0, shift)).update(repeating: 0, count: top + max(0, shift))
                for column in shift < 0 ? 0..<(-shift) : (w - shift)..<w {
                    for y in 0..<h { plane[top + y * w + column] = 0 }
                }
            }
        }
    }

    /// col2im: the adjoint of `unfold`; overwrites `image` with the sum of each pixel's column
    /// entries. May zero the entries that `unfold` leaves 0 (those outside the image).
    func fold(_ columns: UnsafeMutablePointer<Float>, rowStride: Int, into image: UnsafeMutablePointer<Float>) {
        if isSameSizeShift {
            foldShifted(columns, rowStride: rowStride, into: image)
        } else {
            foldByLines(columns, rowStride: rowStride, into: image)
        }
    }

    /// Adds each row's run into the plane, after zeroing its outside columns; every pixel receives
    /// its entries in the same order as `foldByLines`, so the sums are identical.
    func foldShifted(_ columns: UnsafeMutablePointer<Float>, rowStride: Int, into image: UnsafeMutablePointer<Float>) {
        image.update(repeating: 0, count: inputChannels * inputPlaneSize)
        forEachPatchRow { row, planeOffset, ky, kx in
            let source = columns + row * rowStride
            let (shift, rows, run, outside) = shiftedRow(ky: ky, kx: kx)
            zero(columns: outside, rows: rows, of: source)
            let target = image + planeOffset + shift
            for i in run { target[i] += source[i] }
        }
    }

    func foldByLines(_ columns: UnsafePointer<Float>, rowStride: Int, into image: UnsafeMutablePointer<Float>) {
        let oh = outputHeight, ow = outputWidth
        image.update(repeating: 0, count: inputChannels * inputPlaneSize)
        forEachPatchRow { row, planeOffset, ky, kx in
            let source = columns + row * rowStride, plane = image + planeOffset
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
        }
    }
}
