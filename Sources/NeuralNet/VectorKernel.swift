// Which loops compute a kernel that exists both in CAVX512 and in Swift: the pooling (MaxPool2d.pool2x2), conv1's
// direct forward pass (DirectConvolution.swift) and conv2's col2im by destination (UnfoldedPatches.fold). All three
// give the same bits; tests set each layer's choice to compare them.

enum VectorKernel {
    /// CAVX512's, on 16 lanes, where the CPU has AVX-512 (the pooling: rows of up to 16 windows; longer take avx2).
    case avx512
    /// CAVX512's, on 8 lanes (AVX2): every x86-64 CPU this engine runs on.
    case avx2
    /// The Swift loops: the reference.
    case swift

    static let fastest: Self = Gemm.cpuHasAVX512 ? .avx512 : .avx2
}
