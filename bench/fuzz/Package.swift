// swift-tools-version:6.0
// libFuzzer targets for RPCDecode's decoders. Not part of CI; run with bench/fuzz/run.sh.
// A package of its own so the root package never links a binary without `main`.
import PackageDescription

let package = Package(
    name: "RPCDecodeFuzz",
    dependencies: [.package(name: "ucheck", path: "../..")],
    targets: [
        .executableTarget(
            name: "RPCDecodeFuzz",
            dependencies: [.product(name: "RPCDecode", package: "ucheck")]),
    ]
)
