// A sweep on a real Slurm (scripts/start-slurm.sh: one node on localhost): the job array runs every trial
// once, `sweep show` reads them; a job Slurm refuses leaves a resumable sweep and Slurm's own words; an array
// cancelled mid-trial (what a lost node or a time limit does) continues with `sweep resume --launcher slurm`.
import Foundation
import Testing
import Training

/// Slurm answers here and its node can take jobs.
let slurmIsUp: Bool = {
    guard let result = try? CommandRunner.run(URL(fileURLWithPath: "/usr/bin/sinfo"), ["-h", "-o", "%t"]) else { return false }
    return result.status == 0 && ["idle", "mix", "alloc"].contains { result.standardOutput.contains($0) }
}()
/// Under CI (.ci/run starts Slurm) the tests must run: when Slurm is down they run and fail, saying why.
let slurmRequired = ProcessInfo.processInfo.environment["CI"] != nil

@Suite("sweep on Slurm", .serialized,
       .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"),
       .enabled(if: slurmIsUp || slurmRequired,
                "Slurm is not running here: start it with `sudo scripts/start-slurm.sh` (single node on localhost)"))
struct SlurmSweepTests {
    func requireSlurm() throws {
        try #require(slurmIsUp, "CI is set but Slurm is not up: .ci/run should have run scripts/start-slurm.sh")
    }

    @Test func aJobArrayRunsEveryTrialOnce() throws {
        try requireSlurm()
        let runs = temporaryFolder("slurm-sweep")
        defer { try? FileManager.default.removeItem(at: runs) }
        let submitted = try CommandRunner.run(["sweep", "--lr", "1e-3,3e-4", "--seeds", "0,1", "--epochs", "1",
                                               "--launcher", "slurm", "--max-concurrent", "2", "--runs-dir", runs.path]
                                              + tinyTrial.filter { $0 != "--threads" && $0 != "1" })
        #expect(submitted.status == 0, "\(submitted.standardError)")
        let job = try #require(submitted.standardOutput.firstMatch(of: /job array (\d+)/)?.1, "\(submitted.standardOutput)")
        let id = try #require(sweepID(in: runs))

        try waitForQueueToEmpty(job: String(job))
        let all = RunSummary.readAll(in: runs).summaries
        #expect(all.count == 4)
        #expect(all.compactMap(\.sweepTrial).sorted() == [0, 1, 2, 3], "each trial once")
        #expect(all.allSatisfy { $0.status == .finished && $0.sweepID == id }, "\(all.map(\.status))")

        let show = try CommandRunner.run(["sweep", "show", id, "--runs-dir", runs.path])
        #expect(show.status == 0)
        #expect(show.standardOutput.contains("sweep \(id): 4 trials over lr, seed; 4 finished"), "\(show.standardOutput)")
        #expect(show.standardOutput.contains("leaderboard by best_valid_loss"))
        for value in ["lr 1e-3: ", "lr 3e-4: ", "seed 0: ", "seed 1: "] {
            #expect(show.standardOutput.contains(value) && show.standardOutput.contains("(2 trials)"), "\(value)")
        }
        let json = try jsonObject(try CommandRunner.run(["sweep", "show", id, "--json", "--runs-dir", runs.path]).standardOutput)
        #expect(json["slurm_jobs"] as? [String] == [String(job)])
        let effects = try #require(json["effects"] as? [[String: Any]])
        #expect(effects.count == 4 && effects.allSatisfy { $0["trials"] as? Int == 2 })
        // The mean of lr 1e-3 is that of its two trials' losses.
        let losses = all.filter { $0.settings["learning_rate"] == "0.001" }.compactMap(\.bestValidLoss)
        let mean = try #require(effects.first { $0["value"] as? String == "1e-3" }?["mean"] as? Double)
        #expect(abs(mean - losses.reduce(0, +) / 2) < 1e-12)
    }

    /// Waits (up to 10 minutes) for the job array to leave Slurm's queue.
    func waitForQueueToEmpty(job: String) throws {
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let queue = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/squeue"), ["-h", "-j", job])
            if queue.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
            usleep(250_000)
        }
        Issue.record("job \(job) still queued after 10 minutes")
    }

    /// A cancelled array stands for a node that died or a task that hit its time limit: Slurm signals the
    /// running trial and drops the pending ones. Resubmitting with `sweep resume --launcher slurm` continues the
    /// interrupted run from its checkpoint (same run folder, every epoch once) and starts the trial never run.
    @Test func aCancelledArrayContinuesWithResumeOnSlurm() throws {
        try requireSlurm()
        let runs = temporaryFolder("slurm-resume")
        defer { try? FileManager.default.removeItem(at: runs) }
        let epochs = 20  // long enough (about 0.2 s each on a quiet machine) to cancel mid-trial
        let submitted = try CommandRunner.run(["sweep", "--seeds", "0,1", "--epochs", String(epochs),
                                               "--launcher", "slurm", "--max-concurrent", "1", "--time", "5",
                                               "--runs-dir", runs.path] + tinyTrial.filter { $0 != "--threads" && $0 != "1" })
        #expect(submitted.status == 0, "\(submitted.standardError)")
        let job = try #require(submitted.standardOutput.firstMatch(of: /job array (\d+)/)?.1.description)
        let id = try #require(sweepID(in: runs))

        // --time reaches Slurm as the tasks' limit.
        let shown = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/scontrol"), ["show", "job", job])
        #expect(shown.standardOutput.contains("TimeLimit=00:05:00"), "\(shown.standardOutput)")

        // Cancel the array once trial 0 has completed an epoch (trial 1 waits behind it: at most 1 at once).
        let deadline = Date().addingTimeInterval(300)
        var started: RunSummary?
        while Date() < deadline {
            started = RunSummary.readAll(in: runs).summaries.first { $0.sweepTrial == 0 && $0.epochsDone >= 1 }
            if started != nil { break }
            usleep(100_000)
        }
        let interrupted = try #require(started, "trial 0 never completed an epoch")
        _ = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/scancel"), [job])
        try waitForQueueToEmpty(job: job)
        let afterCancel = RunSummary.readAll(in: runs).summaries
        #expect(afterCancel.count == 1, "trial 1 never started: \(afterCancel.map(\.id))")
        let stopped = try #require(afterCancel.first)
        #expect(stopped.status != .finished && stopped.epochsDone < epochs, "cancelled mid-trial: \(stopped.status)")

        let resumed = try CommandRunner.run(["sweep", "resume", id, "--launcher", "slurm", "--runs-dir", runs.path])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("0 finished, 2 to run"), "\(resumed.standardOutput)")
        let second = try #require(resumed.standardOutput.firstMatch(of: /job array (\d+)/)?.1.description)
        try waitForQueueToEmpty(job: second)

        let all = RunSummary.readAll(in: runs).summaries
        #expect(all.count == 2, "one run per trial: \(all.map(\.id))")
        #expect(all.compactMap(\.sweepTrial).sorted() == [0, 1])
        #expect(all.allSatisfy { $0.status == .finished && $0.epochsDone == epochs }, "\(all.map { ($0.status, $0.epochsDone) })")
        #expect(all.contains { $0.id == interrupted.id && $0.sweepTrial == 0 }, "trial 0 continued its own run")
        let log = try String(contentsOf: runs.appendingPathComponent(interrupted.id).appendingPathComponent("metrics.jsonl"),
                             encoding: .utf8)
        #expect(log.split(separator: "\n").count == epochs, "every epoch once in the continued run")
        let show = try CommandRunner.run(["sweep", "show", id, "--json", "--runs-dir", runs.path]).standardOutput
        let jobs = try jsonObject(show.split(separator: "\n").last ?? "")["slurm_jobs"] as? [String]
        #expect(jobs == [job, second], "both arrays recorded in sweep.json")
    }

    @Test func aRefusedJobSaysWhatSlurmSaidAndStaysResumable() throws {
        try requireSlurm()
        let runs = temporaryFolder("slurm-refused")
        defer { try? FileManager.default.removeItem(at: runs) }
        let submitted = try CommandRunner.run(["sweep", "--seeds", "0", "--epochs", "1", "--launcher", "slurm",
                                               "--partition", "no-such-partition", "--runs-dir", runs.path] + tinyTrial)
        #expect(submitted.status != 0)
        #expect(submitted.standardError.contains("Slurm refused the job array"), "\(submitted.standardError)")
        #expect(submitted.standardError.contains("invalid partition"), "sbatch's own words: \(submitted.standardError)")
        let id = try #require(sweepID(in: runs))
        let show = try CommandRunner.run(["sweep", "show", id, "--runs-dir", runs.path])
        #expect(show.standardOutput.contains("1 pending"), "\(show.standardOutput)")
    }
}
