// kill -9 at random points while a run saves, again and again: each time the run must read back, keep every
// epoch it had committed, and resume (the next round is that resume). Epochs are tiny (two batches, no
// validation), so most of the time goes to saving checkpoints and most kills land inside a save.
// FMNIST_KILL_LOOPS sets the rounds (default 25).
import FashionMNIST
import Foundation
import NeuralNet
import Testing
import Training

@Suite("kill -9 during checkpoint saves", .serialized,
       .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct CheckpointKillLoopTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["FMNIST_KILL_LOOPS"] ?? "") ?? 25

    func epochsLogged(_ folder: URL) -> Int {
        let text = (try? String(contentsOf: folder.appendingPathComponent("metrics.jsonl"), encoding: .utf8)) ?? ""
        return text.filter { $0 == "\n" }.count
    }

    @Test(.timeLimit(.minutes(60)))
    func everyKilledSaveLeavesARunThatLoadsAndResumes() throws {
        let runs = temporaryFolder("kill-loop")
        defer { try? FileManager.default.removeItem(at: runs) }
        var random = SplitMix64(seed: 99)
        var folder: URL?
        var committed = 0
        var killedInsideSave = 0
        for round in 1...Self.rounds {
            let process = Process()
            process.executableURL = CommandRunner.executable
            process.arguments = folder.map { ["resume", $0.lastPathComponent, "--runs-dir", runs.path, "--json"] }
                ?? ["train", "--model", "fcnn", "--full-train", "--train-limit", "40", "--batch-size", "20",
                    "--epochs", "100000", "--runs-dir", runs.path, "--json"]
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            // Past the start (data loaded, run restored, the log rewritten): new epochs logged. Then a random moment.
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning && Date() < deadline {
                if folder == nil {
                    folder = (try? FileManager.default.contentsOfDirectory(at: runs, includingPropertiesForKeys: nil))?.first
                }
                if let folder, epochsLogged(folder) > committed + 1 { break }
                usleep(2_000)
            }
            usleep(UInt32(random.next() % 150_000))
            let wasRunning = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            try #require(wasRunning, "round \(round): the process ended by itself: \(stderr)")
            let run = try #require(folder)
            let left = try FileManager.default.contentsOfDirectory(atPath: run.path)
            if left.contains(where: { $0.hasSuffix(".partial") || $0.hasPrefix("optimizer-pending") }) { killedInsideSave += 1 }

            let record = try RunRecord(folder: run)
            #expect(record.history.count >= committed, "round \(round): epochs \(committed) committed, \(record.history.count) read")
            #expect(record.history.map(\.epoch) == (0..<record.history.count).map { $0 + 1 }, "round \(round): epochs in order")
            // The last line may be the epoch the kill interrupted; resuming drops it. What last.safetensors holds is kept.
            committed = max(committed, record.history.count - 1)
            if round % 25 == 0 {   // progress of a long loop (FMNIST_KILL_LOOPS in the hundreds)
                print("kill -9 loop: round \(round), \(killedInsideSave) kills inside a save, \(record.history.count) epochs read")
            }
        }
        let run = try #require(folder)
        let trainer = try Trainer.resume(RunRecord(folder: run), dataset: FashionMNIST.load(from: FashionMNIST.defaultDirectory))
        #expect(trainer.history.count >= committed)
        print("kill -9 loop: \(Self.rounds) rounds, \(killedInsideSave) left a save half done, \(trainer.history.count) epochs kept")
        #expect(killedInsideSave > 0 || Self.rounds < 10, "no kill landed inside a save")
    }
}
