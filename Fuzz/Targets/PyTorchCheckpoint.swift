// Fuzz target: a .pth file (zip archive + restricted pickle + raw storages), as `eval --weights` and `convert` read it.
import ModelFiles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPyTorchCheckpoint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? PyTorchCheckpoint.decode(Array(UnsafeBufferPointer(start: data, count: size)), file: "fuzz.pth")
    return 0
}
