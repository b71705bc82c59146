// Fuzz target: the restricted pickle machine alone, on a data.pkl (what the zip of a .pth holds).
@testable import ModelFiles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPickle(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? PickleMachine.unpickleDict(Array(UnsafeBufferPointer(start: data, count: size))[...], file: "fuzz.pkl")
    return 0
}
