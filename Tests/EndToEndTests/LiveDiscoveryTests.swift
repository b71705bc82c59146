// The runs watcher against a real second process: `fmnist-tui train` on a small slice is seen as it appears,
// epoch by epoch, until finished; a trainer killed with kill -9 leaves its run interrupted.
import Foundation
import Testing
import Training

@Suite("Live discovery of other processes' runs", .serialized,
       .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct LiveDiscoveryTests {
    /// What the watcher saw of one trainer.
    struct Sighting: Sendable {
        var finishedWatching = false
        var appeared = [String]()
        /// The epochs of every update's `newEpochs`, in the order they were reported.
        var epochs = [Int]()
        /// Each status the run was reported with, repeats left out.
        var statuses = [RunStatus]()
        var last: RunSummary?
        var exitStatus: Int32 = -1
    }

    static func startTraining(epochs: Int, runs: URL) throws -> Process {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["train", "--model", "fcnn", "--epochs", String(epochs), "--train-limit", "200", "--threads", "1", "--json",
                             "--runs-dir", runs.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts a trainer and polls a watcher every 20 ms (more often than a dashboard, so every step is seen)
    /// until `stop` says so or two minutes pass; then `finally` (e.g. a kill) and one last poll. Runs on a
    /// thread of its own: the test's task waits without holding one of the few threads other tests need.
    static func watchTraining(epochs: Int, runs: URL, stop: @escaping @Sendable (Process, RunsUpdate, [RunSummary]) -> Bool,
                              finally: @escaping @Sendable (Process) -> Void = { _ in }) async throws -> Sighting {
        try await onOwnThread {
            let process = try startTraining(epochs: epochs, runs: runs)
            var watcher = RunsWatcher(runsDirectory: runs)
            var sighting = Sighting()
            func note(_ update: RunsUpdate) {
                sighting.appeared += update.appeared.map(\.id)
                sighting.epochs += update.newEpochs.values.flatMap { $0.map(\.epoch) }
                for status in (update.appeared + update.changed).map(\.status) where status != sighting.statuses.last {
                    sighting.statuses.append(status)
                }
            }
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                let update = watcher.poll()
                note(update)
                if stop(process, update, watcher.summaries) { sighting.finishedWatching = true; break }
                usleep(20_000)
            }
            finally(process)
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            note(watcher.poll())
            sighting.last = watcher.summaries.first
            sighting.exitStatus = process.terminationStatus
            return sighting
        }
    }

    @Test func aRunOfAnotherProcessIsSeenEpochByEpochUntilFinished() async throws {
        let runs = temporaryFolder("live")
        defer { try? FileManager.default.removeItem(at: runs) }
        // Until the trainer is gone and everything it wrote has been read.
        let seen = try await Self.watchTraining(epochs: 3, runs: runs) { process, update, _ in !process.isRunning && update.isEmpty }
        try #require(seen.finishedWatching && seen.exitStatus == 0)
        #expect(seen.appeared.count == 1, "\(seen.appeared)")
        #expect(seen.epochs == [1, 2, 3], "each epoch reported once, as its line was appended")
        #expect(Array(seen.statuses.drop(while: { $0 == .unknown })) == [.running, .finished], "\(seen.statuses)")
        let summary = try #require(seen.last)
        #expect(summary.testAccuracy != nil && summary.lastTestAccuracy != nil && summary.plannedEpochs == 3)
        #expect(summary.latestValidConfusion?.joined().reduce(0, +) == 12_000, "epoch 3's validation confusion matrix")
    }

    @Test func aTrainerKilledWithSignal9LeavesItsRunInterrupted() async throws {
        let runs = temporaryFolder("live-kill")
        defer { try? FileManager.default.removeItem(at: runs) }
        let seen = try await Self.watchTraining(epochs: 50, runs: runs, stop: { _, _, summaries in
            summaries.first.map { $0.status == .running && $0.epochsDone >= 1 } ?? false
        }, finally: { process in kill(process.processIdentifier, SIGKILL) })
        try #require(seen.finishedWatching, "the run was seen training")
        #expect(seen.statuses.last == .interrupted && seen.last?.status == .interrupted, "\(seen.statuses)")
        #expect(Array(seen.statuses.drop(while: { $0 == .unknown })) == [.running, .interrupted])
    }
}
