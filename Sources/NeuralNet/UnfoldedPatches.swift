// A convolution's im2col matrix as CAVX512's avx512_sgemm_unfolded reads it straight from the image, for
// same-size shifts (ConvGeometry.isSameSizeShift: stride 1, k = 2p + 1, as conv2). Patch row (c, ky, kx) is
// then input plane c shifted by (ky − p, kx − p): pixel q reads image[c·H·W + (ky − p)·W + (kx − p) + q], unless
// the shifted pixel falls outside the image, where the matrix holds 0. So one row is an offset and, per
// 16-pixel vector, a mask of the pixels inside; nine masks per vector serve every channel.
//
// At batch 128, writing and re-reading conv2's patches (113 KB an image, twice a step: the backward pass unfolds
// again rather than keep 14 MB) was 7 % of a CNN step; the image itself (12.5 KB) stays in L1. The same tables
// serve col2im by destination (`fold`), on AVX2 CPUs too.
//
// AVX2's masked loads are slow on AMD's cores, so there the products read the patches from the image's bordered
// planes instead (ConvGeometry.borderPlanes: k shifted copies of each channel with zero borders, 43 KB for conv2),
// in which every patch row is whole: `planeRows` is its offset (avx2_sgemm_rows).
import CAVX512

final class UnfoldedPatches: @unchecked Sendable {
    /// Per patch row: the image offset of its pixel 0 (negative for a shift up or left).
    let offsets: UnsafeMutableBufferPointer<Int>
    /// Per patch row: its tap ky·k + kx, the row of `masks` that says which of its pixels are inside.
    let taps: UnsafeMutableBufferPointer<Int32>
    /// Per tap, `maskStride` masks: bit l of mask v is set when pixel 16v + l reads the image.
    let masks: UnsafeMutableBufferPointer<UInt16>
    let maskStride: Int
    /// The same on 8 lanes, as AVX2's masked loads take them: per tap, per vector of 8 pixels, 8 lanes, −1 where
    /// the pixel reads the image, else 0.
    let laneMasks: UnsafeMutableBufferPointer<Int32>
    /// Floats of one input image (C·H·W).
    let imageSize: Int
    /// Per patch row (c, ky, kx): its offset in the image's bordered planes, plane c·k + kx from row ky on.
    let planeRows: UnsafeMutableBufferPointer<Int>
    /// Floats of one image's bordered planes.
    let borderedPlanesSize: Int

    init(_ geometry: ConvGeometry) {
        precondition(geometry.isSameSizeShift, "\(geometry) is not a same-size shift")
        let g = geometry, w = g.inputWidth, k = g.kernel
        imageSize = g.inputChannels * g.inputPlaneSize
        maskStride = (g.outputPixels + 15) / 16
        offsets = .allocate(capacity: g.patchSize)
        planeRows = .allocate(capacity: g.patchSize)
        borderedPlanesSize = g.borderedPlanesSize
        taps = .allocate(capacity: g.patchSize)
        masks = .allocate(capacity: k * k * maskStride)
        masks.initialize(repeating: 0)
        let laneVectors = (g.outputPixels + 7) / 8
        laneMasks = .allocate(capacity: k * k * laneVectors * 8)
        laneMasks.initialize(repeating: 0)
        // The shifts and the pixels inside the image that im2col uses (ConvGeometry.unfoldShifted).
        g.forEachPatchRow { row, planeOffset, ky, kx in
            offsets[row] = planeOffset + g.shiftedRow(ky: ky, kx: kx).shift
            planeRows[row] = (planeOffset / g.inputPlaneSize * k + kx) * g.borderedPlaneSize + ky * w
            taps[row] = Int32(ky * k + kx)
        }
        for ky in 0..<k {
            for kx in 0..<k {
                let (_, rows, _, outside) = g.shiftedRow(ky: ky, kx: kx)
                let tapMasks = masks.baseAddress! + (ky * k + kx) * maskStride
                for y in rows {
                    for x in 0..<w where !outside.contains(x) {
                        let pixel = y * w + x
                        tapMasks[pixel / 16] |= 1 << UInt16(pixel % 16)
                        laneMasks[(ky * k + kx) * laneVectors * 8 + pixel] = -1
                    }
                }
            }
        }
    }

    /// col2im of `columns` (the patch matrix, rows `rowStride` apart) into `image`, by destination
    /// (avx512_fold_unfolded, or avx2_fold_unfolded on 8 lanes): the same bits as ConvGeometry.fold, which `.swift`
    /// runs.
    func fold(_ columns: UnsafeMutablePointer<Float>, rowStride: Int, geometry g: ConvGeometry, kernel: VectorKernel,
              into image: UnsafeMutablePointer<Float>) {
        let taps = g.kernel * g.kernel
        switch kernel {
        case .avx512:
            avx512_fold_unfolded(columns, rowStride, g.inputChannels, taps, g.inputPlaneSize, offsets.baseAddress,
                                 masks.baseAddress, maskStride, image)
        case .avx2:
            avx2_fold_unfolded(columns, rowStride, g.inputChannels, taps, g.inputPlaneSize, offsets.baseAddress,
                               laneMasks.baseAddress, image)
        case .swift:
            g.fold(columns, rowStride: rowStride, into: image)
        }
    }

    deinit {
        offsets.deallocate()
        planeRows.deallocate()
        taps.deallocate()
        masks.deallocate()
        laneMasks.deallocate()
    }

    /// How the products of the moment read these patches: from the image on our AVX-512 kernels, from the bordered
    /// planes on our AVX2 kernels; nil on OpenBLAS, where the layer unfolds them into its scratch first.
    static var reading: Reading? {
        guard Gemm.usesOwnKernels else { return nil }
        return GemmKernel.own == .avx512 ? .image : .borderedPlanes
    }

    enum Reading { case image, borderedPlanes }
}

/// A same-size shift's patches and how the products read them (`Gemm.multiply(_:m:n:k:a:lda:patchesOf:...)`).
struct PatchReading: Sendable {
    let patches: UnfoldedPatches
    let reading: UnfoldedPatches.Reading

    /// These patches as the products of the moment read them; nil when they unfold them (`UnfoldedPatches.reading`).
    init?(_ patches: UnfoldedPatches) {
        guard let reading = UnfoldedPatches.reading else { return nil }
        self.init(patches, reading: reading)
    }

    init(_ patches: UnfoldedPatches, reading: UnfoldedPatches.Reading) {
        self.patches = patches
        self.reading = reading
    }

    /// Floats of what the products read: the image, or its bordered planes.
    var sourceCount: Int { reading == .image ? patches.imageSize : patches.borderedPlanesSize }
}
