// Options several subcommands share: where the data and the runs live.
import ArgumentParser
import FashionMNIST
import Foundation
import ProgramInfo
import Training

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

    /// " --runs-dir '<folder>'" when the folder was given on the command line, else "": for the commands the program
    /// suggests (resume, sweep resume, sweep show), which would otherwise look in the default folder.
    var suggestedFlag: String { directory.map { " " + CommandName.runsFolderOption($0) } ?? "" }

    /// The run named `reference` (its id, a unique prefix of it, or its folder), read; problems in its
    /// files are printed as warnings.
    func record(named reference: String) throws -> RunRecord {
        let record = try RunRecord(folder: RunRecord.locate(reference, in: url))
        Warnings.print(record.warnings)
        return record
    }
}

/// A failure the user should read, printed as plain text with a non-zero exit.
struct UserFacingError: Error, CustomStringConvertible {
    let description: String
}
