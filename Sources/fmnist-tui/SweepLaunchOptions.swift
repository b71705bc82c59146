// Where a sweep's trials run, for `sweep` and `sweep resume`: here, N at a time, or as a Slurm job array.
import ArgumentParser
import Foundation
import ProgramInfo
import Training

enum SweepLauncherKind: String, ExpressibleByArgument, CaseIterable {
    case local, slurm
}

struct SweepLaunchOptions: ParsableArguments {
    @Option(help: "Where the trials run: local (this machine) or slurm (one job array).") var launcher: SweepLauncherKind = .local
    @Option(help: "Trials at once on this machine (default: one per core); they share the cores.") var parallel: Int?
    @Option(help: "Slurm partition of the array's tasks.") var partition: String?
    @Option(help: "Slurm time limit of each task (30, 1:00:00, 2-00:00:00).") var time: String?
    @Option(help: "Slurm CPUs of each task; each trial computes on as many threads.") var cpusPerTask = 1
    @Option(help: "Slurm: at most K tasks at once (--array=…%K).") var maxConcurrent: Int?

    func validate() throws {
        if let parallel, parallel < 1 { throw ValidationError("--parallel \(parallel): must be at least 1") }
        if cpusPerTask < 1 { throw ValidationError("--cpus-per-task \(cpusPerTask): must be at least 1") }
        if let maxConcurrent, maxConcurrent < 1 { throw ValidationError("--max-concurrent \(maxConcurrent): must be at least 1") }
        if launcher == .local, partition != nil || time != nil || maxConcurrent != nil {
            throw ValidationError("--partition, --time and --max-concurrent are Slurm's: add --launcher slurm")
        }
        if launcher == .slurm, parallel != nil {
            throw ValidationError("--parallel is for --launcher local; with Slurm use --max-concurrent")
        }
    }

    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
    var trialsAtOnce: Int { parallel ?? Self.cores }
    /// Each trial's compute threads: its Slurm CPUs, or the cores shared out between the trials at once.
    var threadsPerTrial: Int { launcher == .slurm ? cpusPerTask : max(1, Self.cores / trialsAtOnce) }

    var slurm: SlurmOptions {
        SlurmOptions(partition: partition, time: time, cpusPerTask: cpusPerTask, maxConcurrent: maxConcurrent)
    }

    /// The running program, for the children and the batch script.
    static var executable: URL {
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
    }

    /// Runs the trials `indices` of `sweep` as these options say, then prints where things stand.
    /// - Throws: `ExitCode.failure` when a trial failed or the sweep was stopped; `SweepError.slurm` when Slurm refused.
    func launch(_ sweep: SweepFolder, indices: [Int], data: DataOptions, runs: RunsOptions, json: Bool) throws {
        switch launcher {
        case .slurm: try submit(sweep, indices: indices, runs: runs)
        case .local: try SweepProgress.runLocally(sweep, indices: indices, parallel: trialsAtOnce, data: data, runs: runs,
                                                   json: json)
        }
    }

    private func submit(_ sweep: SweepFolder, indices: [Int], runs: RunsOptions) throws {
        let script = SlurmLauncher.batchScript(sweepID: sweep.id, sweepFolder: sweep.folder, executable: Self.executable,
                                               indices: indices, options: slurm)
        let scriptFile = sweep.folder.appendingPathComponent("slurm-array.sh")
        try FileManager.default.createDirectory(at: sweep.folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
        try RunStore.writeAtomically(Data(script.utf8), to: scriptFile)
        let job = try SlurmLauncher.submit(script: scriptFile, sweepFolder: sweep.folder)
        try sweep.update { $0.slurmJobs.append(job) }
        print("submitted Slurm job array \(job): \(indices.count) trials"
            + (maxConcurrent.map { ", at most \($0) at once" } ?? "") + " (script \(scriptFile.path))")
        print("follow it with `\(CommandName.current) sweep show \(sweep.id)\(runs.suggestedFlag)` or `squeue -j \(job)`")
    }
}
