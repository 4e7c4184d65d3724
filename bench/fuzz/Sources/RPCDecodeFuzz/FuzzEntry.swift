/// libFuzzer's entry point: one input through the decoder `FUZZ_TARGET` names.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.current.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
