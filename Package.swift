// swift-tools-version:6.0
// fmnist-tui: Fashion-MNIST training on the CPU with a live terminal dashboard.
// C enters only through the three system-library targets (OpenBLAS, ncursesw, zlib).
// Each target lists every module it imports.
import PackageDescription

let optimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo", "-target-cpu", "haswell", "-Xcc", "-fno-math-errno"], .when(configuration: .release))]

let package = Package(
    name: "fmnist-tui",
    products: [.executable(name: "fmnist-tui", targets: ["fmnist-tui"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "FashionMNIST", dependencies: ["CZlib"]),
        .target(name: "NeuralNet", dependencies: ["CBLAS"], swiftSettings: optimize),
        .target(name: "ModelFiles"),
        .target(name: "Training", dependencies: ["NeuralNet", "FashionMNIST", "ModelFiles"], swiftSettings: optimize),
        .target(name: "Reports", dependencies: ["FashionMNIST", "Training"]),
        .target(name: "TerminalUI"),
        .target(name: "Dashboard", dependencies: ["FashionMNIST", "NeuralNet", "TerminalUI", "Training"]),
        .target(name: "NcursesTerminal", dependencies: ["TerminalUI", "CNcurses"]),
        .executableTarget(name: "fmnist-tui", dependencies: [
            "FashionMNIST", "NeuralNet", "ModelFiles", "Training", "Reports", "TerminalUI", "Dashboard", "NcursesTerminal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "FashionMNISTTests", dependencies: ["FashionMNIST"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"]),
        .testTarget(name: "ModelFilesTests", dependencies: ["ModelFiles"]),
        // Run folders written by hand, shared by the tests of Training and Reports.
        .target(name: "RunFolderFixtures", dependencies: ["NeuralNet", "Training"], path: "Tests/RunFolderFixtures"),
        .testTarget(name: "TrainingTests", dependencies: ["FashionMNIST", "ModelFiles", "NeuralNet", "RunFolderFixtures", "Training"]),
        .testTarget(name: "ReportsTests", dependencies: ["FashionMNIST", "Reports", "RunFolderFixtures", "Training"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "NcursesTerminalTests", dependencies: ["CNcurses", "NcursesTerminal", "TerminalUI"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "FashionMNIST", "NeuralNet", "RunFolderFixtures", "TerminalUI", "Training"]),
        .testTarget(name: "EndToEndTests", dependencies: ["fmnist-tui", "NeuralNet", "Training"]),
    ]
)
