import Foundation

/// libFuzzer's driver (linked by `-sanitize=fuzzer`), running one input at a time through the
/// decoder `FUZZ_TARGET` names. SwiftPM links executables with their own `main`, so the driver is
/// started from here rather than through libFuzzer's `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv) { data, size in
    FuzzTarget.current.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
})
