// A sweep on a real Slurm (scripts/start-slurm.sh: one node on localhost): the job array runs every trial
// once, `sweep show` reads them; a job Slurm refuses leaves a resumable sweep and Slurm's own words.
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

        // Wait (up to 10 minutes) for the array to leave the queue.
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            let queue = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/squeue"), ["-h", "-j", String(job)])
            if queue.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { break }
            usleep(250_000)
        }
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
