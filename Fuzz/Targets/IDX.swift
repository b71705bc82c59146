// Fuzz target: an IDX file as the dataset loader reads it (gzip'd when it starts with 1f 8b), as images and as labels.
@testable import FashionMNIST

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if Gzip.isGzip(bytes) {
        guard let inflated = try? Gzip.decompress(bytes, path: "fuzz.gz") else { return 0 }
        bytes = inflated
    }
    _ = try? IDXFile.parseImages(bytes, path: "fuzz")
    _ = try? IDXFile.parseLabels(bytes, path: "fuzz")
    return 0
}
