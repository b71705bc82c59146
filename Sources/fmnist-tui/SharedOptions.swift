// Options several subcommands share: where the data and the runs live.
import ArgumentParser
import FashionMNIST
import Foundation

struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data"),
            help: "Folder with the four Fashion-MNIST IDX files (default: $FMNIST_DATA, else \(FashionMNIST.defaultDirectory)).")
    var directory: String?

    func load() throws -> FashionMNIST {
        try FashionMNIST.load(from: FashionMNIST.resolveDirectory(flag: directory))
    }
}

struct RunsOptions: ParsableArguments {
    @Option(name: .customLong("runs-dir"), help: "Folder for run folders (default: $FMNIST_RUNS, else ./runs).")
    var directory: String?

    var url: URL {
        let path = directory ?? ProcessInfo.processInfo.environment["FMNIST_RUNS"] ?? "runs"
        return URL(fileURLWithPath: path)
    }
}

/// A failure the user should read, printed as plain text with a non-zero exit.
struct UserFacingError: Error, CustomStringConvertible {
    let description: String
}
