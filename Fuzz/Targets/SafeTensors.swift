// Fuzz target: a .safetensors file (8-byte length, JSON header, raw data), as `eval --weights` reads it.
import ModelFiles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? SafeTensorsFile.decode(Array(UnsafeBufferPointer(start: data, count: size)), file: "fuzz.safetensors")
    return 0
}
