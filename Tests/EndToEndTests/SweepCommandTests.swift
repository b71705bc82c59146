// `fmnist-tui sweep` end to end with real processes: the plan printed by --dry-run, bad input refused before
// anything is written, two workers for one trial giving one run, and kill -9 then resume giving every trial once.
import Foundation
import Testing
import Training

/// Tiny trials: 500 training images, one thread each.
let tinyTrial = ["--train-limit", "500", "--threads", "1", "--model", "fcnn"]

func sweepID(in runs: URL) -> String? {
    (try? FileManager.default.contentsOfDirectory(atPath: runs.appendingPathComponent("sweeps").path))?.first
}

func jsonObject(_ text: some StringProtocol) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
}

@Suite("sweep command", .serialized)
struct SweepCommandTests {
    @Test func dryRunPrintsTheGridInOrder() throws {
        let runs = temporaryFolder("sweep-dry").appendingPathComponent("runs")
        let grid = ["sweep", "--lr", "1e-3,3e-4", "--batch-size", "20,128", "--model", "fcnn,cnn", "--epochs", "2",
                    "--dry-run", "--runs-dir", runs.path]
        let text = try CommandRunner.run(grid)
        #expect(text.status == 0, "\(text.standardError)")
        let lines = text.standardOutput.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.first == "trial model batch-size lr")
        #expect(Array(lines.dropFirst().prefix(8)) == [
            "0 fcnn 20 1e-3", "1 fcnn 20 3e-4", "2 fcnn 128 1e-3", "3 fcnn 128 3e-4",
            "4 cnn 20 1e-3", "5 cnn 20 3e-4", "6 cnn 128 1e-3", "7 cnn 128 3e-4"])
        #expect(lines.last == "8 trials; nothing started (--dry-run)")

        let json = try CommandRunner.run(grid + ["--json"])
        let objects = try json.standardOutput.split(separator: "\n").map(jsonObject)
        #expect(objects.count == 8)
        #expect(objects[5]["values"] as? [String: String] == ["model": "cnn", "batch-size": "20", "lr": "3e-4"])
        let configuration = try #require(objects[6]["configuration"] as? [String: Any])
        #expect(configuration["model"] as? String == "cnn" && configuration["batch_size"] as? Int == 128)
        #expect(configuration["learning_rate"] as? Double == 1e-3 && configuration["epochs"] as? Int == 2)

        let slurm = try CommandRunner.run(grid + ["--launcher", "slurm", "--max-concurrent", "3", "--cpus-per-task", "2"])
        #expect(slurm.status == 0, "\(slurm.standardError)")
        #expect(slurm.standardOutput.contains("#SBATCH --array=0-7%3\n#SBATCH --cpus-per-task=2"))
        #expect(slurm.standardOutput.contains("sweep run-trial '\(runs.path)/sweeps/"))
        #expect(slurm.standardOutput.contains("--index \"$SLURM_ARRAY_TASK_ID\""))

        let seeds = try CommandRunner.run(["sweep", "--lr", "0.1", "--seeds", "0,1,2", "--dry-run", "--runs-dir", runs.path])
        #expect(seeds.standardOutput.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
            == ["trial seed", "0 0", "1 1", "2 2", "3 trials; nothing started (--dry-run)"])
        #expect(!FileManager.default.fileExists(atPath: runs.path), "a dry run writes nothing")
    }

    @Test(arguments: [
        (["--lr", "1e-3,,3e-4"], "--lr 1e-3,,3e-4: an empty entry in the list"),
        (["--lr", "loguniform:0:1", "--random", "3"], "--lr loguniform:0:1: loguniform needs A > 0"),
        (["--lr", "uniform:1e-3"], "--lr uniform:1e-3: a distribution is uniform:A:B"),
        (["--batch-size", "0,20"], "--batch-size 0: must be between 1 and 60000"),
        (["--lr", "-0.1,0.1"], "--lr -0.1: must be a positive number"),
        (["--lr", "0.1,0.2", "--bogus", "3"], "--bogus"),
        (["--epochs", "1"], "nothing to sweep"),
        (["--lr", "uniform:0.1:0.2"], "--lr: a distribution is drawn from with --random N"),
        (["--model", "fcnn,resnet"], "--model resnet"),
        (["--seeds", "0,x"], "--seeds 0,x: x is not a seed"),
        (["--epochs", "1,2", "--warmup-epochs", "2"], "with --epochs 1: --warmup-epochs 2.0: must be between 0 and --epochs"),
        (["--epochs", "1,2", "--warmup-epochs", "0,2"], "trial 1 (epochs 1, warmup-epochs 2): --warmup-epochs 2.0"),
        (["--lr", "loguniform:1e-5:1e-1", "--random", "1001"], "the plan has 1001 trials; pass --yes"),
    ])
    func badInputNamesTheFlagBeforeAnyTrial(arguments: [String], message: String) throws {
        let runs = temporaryFolder("sweep-bad")
        defer { try? FileManager.default.removeItem(at: runs) }
        let result = try CommandRunner.run(["sweep"] + arguments + ["--runs-dir", runs.path])
        #expect(result.status != 0)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: runs.appendingPathComponent("sweeps").path), "nothing written")
    }

    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func withoutSbatchTheSweepStaysResumableAndTwoWorkersGiveOneRun() throws {
        let runs = temporaryFolder("sweep-claims")
        defer { try? FileManager.default.removeItem(at: runs) }
        let submitted = try CommandRunner.run(["sweep", "--seeds", "0,1", "--epochs", "1", "--launcher", "slurm",
                                               "--runs-dir", runs.path] + tinyTrial, environment: ["PATH": "/nonexistent"])
        #expect(submitted.status != 0)
        #expect(submitted.standardError.contains("sbatch is not on the PATH"), "\(submitted.standardError)")
        #expect(submitted.standardError.contains("sweep resume"), "\(submitted.standardError)")
        let id = try #require(sweepID(in: runs))

        // Two workers for trial 0, started at once.
        let workers = (0..<2).map { _ in
            let process = Process()
            process.executableURL = CommandRunner.executable
            process.arguments = ["sweep", "run-trial", id, "--index", "0", "--runs-dir", runs.path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            return (process, output)
        }
        for (process, _) in workers { try process.run() }
        let outputs = workers.map { String(decoding: $0.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        for (process, _) in workers { process.waitUntilExit(); #expect(process.terminationStatus == 0) }
        #expect(outputs.filter { $0.contains(": training run") }.count == 1, "\(outputs)")
        #expect(outputs.filter { $0.contains("is being trained by another process") || $0.contains("has finished already") }.count == 1,
                "\(outputs)")
        let afterWorkers = RunSummary.readAll(in: runs).summaries
        #expect(afterWorkers.count == 1 && afterWorkers.first?.sweepTrial == 0 && afterWorkers.first?.status == .finished)

        let resumed = try CommandRunner.run(["sweep", "resume", id, "--parallel", "2", "--runs-dir", runs.path])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("1 finished, 1 to run"), "\(resumed.standardOutput)")
        let all = RunSummary.readAll(in: runs).summaries
        #expect(all.compactMap(\.sweepTrial).sorted() == [0, 1])
        #expect(all.allSatisfy { $0.status == .finished && $0.sweepID == id })
    }

    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func killedWithSigkillThenResumedRunsEveryTrialOnceAndExactly() throws {
        // Enough epochs that the kill lands mid-run: a tiny trial's epoch takes tens of milliseconds, and with 3
        // epochs it could finish before its parent watch (50 ms) saw the sweep gone.
        let epochs = 10
        let runs = temporaryFolder("sweep-kill"), straight = temporaryFolder("sweep-straight")
        defer { for folder in [runs, straight] { try? FileManager.default.removeItem(at: folder) } }
        let sweep = Process()
        sweep.executableURL = CommandRunner.executable
        sweep.arguments = ["sweep", "--lr", "1e-3,3e-4", "--epochs", "\(epochs)", "--parallel", "1", "--runs-dir", runs.path] + tinyTrial
        sweep.standardOutput = FileHandle.nullDevice
        sweep.standardError = FileHandle.nullDevice
        try sweep.run()

        // Kill the sweep (-9) once trial 0 has logged an epoch.
        let deadline = Date().addingTimeInterval(180)
        var killedRun: RunSummary?
        while Date() < deadline && sweep.isRunning {
            killedRun = RunSummary.readAll(in: runs).summaries.first { $0.sweepTrial == 0 && $0.epochsDone >= 1 }
            if killedRun != nil { break }
            usleep(5_000)
        }
        kill(sweep.processIdentifier, SIGKILL)
        sweep.waitUntilExit()
        let run = try #require(killedRun, "trial 0 never logged an epoch")
        // The orphaned trial stops by itself (it watches its parent) within a batch or two.
        while Date() < deadline, RunSummary.read(folder: run.folder).status.isActive { usleep(20_000) }
        let atKill = RunSummary.read(folder: run.folder)
        try #require(atKill.epochsDone < epochs && [.stopped, .interrupted].contains(atKill.status),
                     "killed after \(atKill.epochsDone) epochs, \(atKill.status)")
        #expect(RunSummary.readAll(in: runs).summaries.count == 1, "trial 1 never started")

        let id = try #require(sweepID(in: runs))
        let resumed = try CommandRunner.run(["sweep", "resume", String(id.prefix(12)), "--parallel", "1", "--runs-dir", runs.path])
        #expect(resumed.status == 0, "\(resumed.standardOutput)\n\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("leaderboard by best_valid_loss"), "\(resumed.standardOutput)")
        let all = RunSummary.readAll(in: runs).summaries
        #expect(all.compactMap(\.sweepTrial).sorted() == [0, 1], "each planned trial once")
        #expect(all.allSatisfy { $0.status == .finished && $0.epochsDone == epochs })
        #expect(all.first { $0.sweepTrial == 0 }?.id == run.id, "the interrupted trial continued its own run")

        // The interrupted trial ends as a straight run of its settings does.
        let train = try CommandRunner.run(["train", "--lr", "1e-3", "--epochs", "\(epochs)", "--runs-dir", straight.path] + tinyTrial)
        #expect(train.status == 0, "\(train.standardError)")
        let reference = try RunRecord(folder: RunSummary.readAll(in: straight).summaries[0].folder)
        let resumedRun = try RunRecord(folder: run.folder)
        #expect(resumedRun.history.map(\.trainLoss) == reference.history.map(\.trainLoss))
        #expect(resumedRun.history.map(\.validLoss) == reference.history.map(\.validLoss))
        #expect(resumedRun.scores?.test.accuracy == reference.scores?.test.accuracy)
        #expect(resumedRun.scores?.test.loss == reference.scores?.test.loss)
        let best = try Data(contentsOf: run.folder.appendingPathComponent("best.safetensors"))
        #expect(best == (try Data(contentsOf: reference.folder.appendingPathComponent("best.safetensors"))), "the same final weights")

        let show = try CommandRunner.run(["sweep", "show", id, "--json", "--runs-dir", runs.path])
        let summary = try jsonObject(show.standardOutput)
        #expect(summary["states"] as? [String: Int] == ["finished": 2])
        #expect((summary["leaderboard"] as? [Int])?.sorted() == [0, 1])
    }
}
