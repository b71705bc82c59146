// swift-tools-version:6.0
// fmnist-tui: Fashion-MNIST training on the CPU with a live terminal dashboard.
// C enters through the three system-library targets (OpenBLAS, ncursesw, zlib) and CAVX512, our code that needs
// AVX-512 (GEMM kernels, Adam's update and the peak's multiply-add chain), called only where the CPU has it: the
// rest of the build targets Haswell, so that it runs on any such CPU.
// Each target lists every module it imports.
// Package.resolved is committed: this is an application, and its builds should be reproducible.
import PackageDescription

// FMNIST_CHECKED set (`make test`, the fuzz and sanitizer builds, each in a scratch folder of its own): -O keeps
// preconditions and bounds checks; else -Ounchecked, for `make run` and `bench`.
let checked = Context.environment["FMNIST_CHECKED"] != nil
let optimize: [SwiftSetting] = [.unsafeFlags([checked ? "-O" : "-Ounchecked", "-wmo", "-target-cpu", "haswell", "-Xcc", "-fno-math-errno"], .when(configuration: .release))]

let package = Package(
    name: "fmnist-tui",
    products: [.executable(name: "fmnist-tui", targets: ["fmnist-tui"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "ProgramInfo"),
        // The git commit the binary is built from, written by the ReadGitCommit plugin on every build.
        .target(name: "BuildCommit", plugins: ["ReadGitCommit"]),
        .plugin(name: "ReadGitCommit", capability: .buildTool()),
        .target(name: "FashionMNIST", dependencies: ["CZlib"]),
        // Optimised in every configuration, and left out of ThreadSanitizer's instrumentation as the prebuilt OpenBLAS
        // it replaces is (AddressSanitizer still checks it): at -O0, or with every load instrumented, the debug and
        // TSan test builds trained ten times slower than with OpenBLAS and the pause test ran out of time.
        .target(name: "CAVX512", cSettings: [.unsafeFlags(["-O2", "-fno-sanitize=thread"])]),
        .target(name: "NeuralNet", dependencies: ["CBLAS", "CAVX512"], swiftSettings: optimize),
        .target(name: "ModelFiles"),
        .target(name: "Training", dependencies: ["NeuralNet", "FashionMNIST", "ModelFiles", "ProgramInfo"],
                swiftSettings: optimize),
        .target(name: "Reports", dependencies: ["FashionMNIST", "ProgramInfo", "Training"]),
        .target(name: "TensorBoard", dependencies: [
            "CZlib", "FashionMNIST", "ProgramInfo", "Training", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        // Insight (#14): why the nets decide (attribution maps, their sanity check) and what they learned
        // (embedding projector, layer health, filters).
        .target(name: "Insight", dependencies: ["NeuralNet", "CBLAS"], path: "Sources/Insight", swiftSettings: optimize),
        .target(name: "TerminalUI"),
        .target(name: "Dashboard", dependencies: ["FashionMNIST", "Insight", "NeuralNet", "ProgramInfo", "TerminalUI", "Training"]),
        .target(name: "NcursesTerminal", dependencies: ["TerminalUI", "CNcurses"]),
        .executableTarget(name: "fmnist-tui", dependencies: [
            "FashionMNIST", "Insight", "NeuralNet", "ModelFiles", "Training", "Reports", "TerminalUI", "Dashboard", "NcursesTerminal",
            "ProgramInfo", "BuildCommit", "TensorBoard",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "FashionMNISTTests", dependencies: ["FashionMNIST"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["CAVX512", "NeuralNet"]),
        .testTarget(name: "ModelFilesTests", dependencies: ["ModelFiles"]),
        // Run folders written by hand, shared by the tests of Training and Reports.
        .target(name: "RunFolderFixtures", dependencies: ["NeuralNet", "Training"], path: "Tests/RunFolderFixtures"),
        .testTarget(name: "TrainingTests", dependencies: ["FashionMNIST", "ModelFiles", "NeuralNet", "RunFolderFixtures", "Training"]),
        .testTarget(name: "ReportsTests", dependencies: ["FashionMNIST", "Reports", "RunFolderFixtures", "Training"]),
        .testTarget(name: "ProgramInfoTests", dependencies: ["ProgramInfo"]),
        .testTarget(name: "TensorBoardTests", dependencies: ["CZlib", "NeuralNet", "TensorBoard", "Training",
                                                            .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .testTarget(name: "InsightTests", dependencies: ["Insight", "NeuralNet", "ModelFiles", "FashionMNIST"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "NcursesTerminalTests", dependencies: ["CNcurses", "NcursesTerminal", "TerminalUI"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "FashionMNIST", "Insight", "NeuralNet", "RunFolderFixtures", "TerminalUI", "Training"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Dashboard", "FashionMNIST", "fmnist-tui", "NeuralNet", "TerminalUI", "Training"], exclude: ["Python"]),
    ]
)
