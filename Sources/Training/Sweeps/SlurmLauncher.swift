// Runs a sweep on a Slurm cluster: one job array whose task i runs `fmnist-tui sweep run-trial SWEEP
// --index i` on the shared runs folder. Slurm schedules and retries; a trial's claim makes a retried or
// resubmitted task continue its run instead of starting a second one.
import Foundation
import ProgramInfo

public struct SlurmOptions: Sendable, Equatable {
    public var partition: String?
    /// The time limit of each task, in Slurm's format ("30", "1:00:00", "2-00:00:00").
    public var time: String?
    public var cpusPerTask: Int
    /// At most this many tasks at once (`%K`).
    public var maxConcurrent: Int?

    public init(partition: String? = nil, time: String? = nil, cpusPerTask: Int = 1, maxConcurrent: Int? = nil) {
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
        self.maxConcurrent = maxConcurrent
    }
}

public enum SlurmLauncher {
    /// The `--array` value for `indices`: ranges where they run on ("0-7", "1,3-5"), then `%K`.
    public static func arraySpec(_ indices: [Int], maxConcurrent: Int?) -> String {
        var parts = [String](), range: (first: Int, last: Int)?
        func close(_ range: (first: Int, last: Int)) { parts.append(range.first == range.last ? "\(range.first)" : "\(range.first)-\(range.last)") }
        for index in indices.sorted() {
            if let current = range, index == current.last + 1 {
                range = (current.first, index)
                continue
            }
            if let current = range { close(current) }
            range = (index, index)
        }
        if let range { close(range) }
        return parts.joined(separator: ",") + (maxConcurrent.map { "%\($0)" } ?? "")
    }

    /// The batch script of the array over `indices` of the sweep in `sweepFolder`, run by `executable`.
    public static func batchScript(sweepID: String, sweepFolder: URL, executable: URL, indices: [Int],
                                   options: SlurmOptions) -> String {
        var lines = ["#!/bin/bash",
                     "#SBATCH --job-name=fmnist-sweep-\(sweepID)",
                     "#SBATCH --array=\(arraySpec(indices, maxConcurrent: options.maxConcurrent))",
                     "#SBATCH --cpus-per-task=\(options.cpusPerTask)",
                     "#SBATCH --ntasks=1"]
        if let partition = options.partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time = options.time { lines.append("#SBATCH --time=\(time)") }
        lines += ["#SBATCH --output=\(sweepFolder.path)/logs/slurm-%A_%a.out",
                  "#SBATCH --open-mode=append",
                  "# One trial per array task. The runs folder must be shared by every node and the binary",
                  "# reachable at this path on each. A task that is retried or resubmitted continues its trial's run.",
                  "exec \(CommandName.shellQuoted(executable.path)) sweep run-trial \(CommandName.shellQuoted(sweepFolder.path)) --index \"$SLURM_ARRAY_TASK_ID\"",
                  ""]
        return lines.joined(separator: "\n")
    }

    /// Submits `script` with `sbatch --parsable` and returns the job id.
    /// - Throws: `SweepError.slurm` with what sbatch said, or that it is not on the PATH.
    public static func submit(script: URL, sweepFolder: URL,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        guard let sbatch = findProgram("sbatch", path: environment["PATH"] ?? "") else {
            throw SweepError.slurm(reason: "cannot submit to Slurm: sbatch is not on the PATH (\(environment["PATH"] ?? "")); "
                + "run this on a machine with the Slurm client (a login node)", sweepFolder: sweepFolder.path)
        }
        let process = Process()
        process.executableURL = sbatch
        process.arguments = ["--parsable", script.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = String(decoding: said, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let jobID = String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: ";").first.map(String.init) ?? ""
        guard process.terminationStatus == 0, !jobID.isEmpty else {
            throw SweepError.slurm(reason: "Slurm refused the job array (sbatch exit \(process.terminationStatus)): "
                + (message.isEmpty ? "no message" : message), sweepFolder: sweepFolder.path)
        }
        return jobID
    }

    static func findProgram(_ name: String, path: String) -> URL? {
        path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
