// swift-tools-version:6.0
// ucheck: verify and enforce microservice correctness from the network (see docs/ and DESIGN).
import PackageDescription

/// DPDK 22.11 from Debian's libdpdk-dev. SwiftPM cannot read Debian's libdpdk.pc, so the include
/// paths and libraries are named here; `-march=corei7` matches how Debian built DPDK's headers.
let dpdkIncludes = ["-I/usr/include/dpdk", "-I/usr/include/x86_64-linux-gnu/dpdk",
                    "-include", "rte_config.h", "-march=corei7"]
let dpdkLibraries = ["rte_ethdev", "rte_mbuf", "rte_mempool", "rte_eal", "rte_net", "rte_ring",
                     "rte_kvargs", "rte_telemetry", "rte_bus_vdev"]
let dpdkSwiftFlags: [SwiftSetting] = [.unsafeFlags(dpdkIncludes.flatMap { ["-Xcc", $0] })]
/// Optimisation settings every release build of the packet path uses.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "ucheck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vswitch", targets: ["Vswitch"]),
        .executable(name: "nf-bench", targets: ["NFBench"]),
        .library(name: "NFRuntime", targets: ["NFRuntime"]),
        .library(name: "RPCDecode", targets: ["RPCDecode"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        /// zlib from Debian's zlib1g-dev, for gRPC's gzip/deflate message compression.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "RPCDecode",
            dependencies: ["CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: hotPath),
        .testTarget(
            name: "RPCDecodeTests",
            dependencies: ["RPCDecode", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Peers", "Fixtures"]),
        .target(
            name: "CDPDK",
            cSettings: [.unsafeFlags(dpdkIncludes + ["-O2"])],
            linkerSettings: dpdkLibraries.map { .linkedLibrary($0) }),
        .target(
            name: "NFRuntime",
            dependencies: ["CDPDK"],
            swiftSettings: dpdkSwiftFlags + hotPath),
        .target(
            name: "SampleNFs",
            dependencies: ["NFRuntime"],
            path: "samples/nfs",
            swiftSettings: dpdkSwiftFlags + hotPath),
        .executableTarget(
            name: "Vswitch",
            dependencies: [
                "NFRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: dpdkSwiftFlags + hotPath),
        .executableTarget(
            name: "NFBench",
            dependencies: ["NFRuntime", "SampleNFs",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "bench/nf-bench",
            swiftSettings: dpdkSwiftFlags + hotPath),
        .testTarget(
            name: "NFRuntimeTests",
            dependencies: ["NFRuntime"],
            swiftSettings: dpdkSwiftFlags),
        .testTarget(
            name: "SampleNFsTests",
            dependencies: ["SampleNFs", "NFRuntime"],
            swiftSettings: dpdkSwiftFlags),
        .testTarget(
            name: "VswitchTests",
            dependencies: ["Vswitch", "NFRuntime"],
            swiftSettings: dpdkSwiftFlags),
    ]
)
