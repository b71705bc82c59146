// The dashboard's runs view fed by its own runs poller while a real second process trains: the run shows
// up, each epoch arrives, then finished; a trainer killed with kill -9 turns interrupted.
import FashionMNIST
import Foundation
import Synchronization
import Testing
import TerminalUI
@testable import Dashboard
import Training

@Suite("Runs view with another process training", .serialized,
       .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct DashboardLiveRunsTests {
    /// A watching dashboard's state (no models), each poller update reduced into it as the session does.
    final class WatchedState: Sendable {
        private let state = Mutex(DashboardState(models: [], testImages: LabeledImages(pixels: [], labels: []), themeNames: [], themeName: "dark",
                                                 screenSize: Size(width: 120, height: 40)))
        /// The epochs done of the one run, as each update left them, repeats left out; and its statuses.
        private let seen = Mutex((epochs: [Int](), statuses: [RunStatus]()))

        func reduceUpdate(_ update: RunsUpdate) {
            let run = state.withLock { state -> RunSummary? in
                _ = reduce(&state, .runsUpdated(update))
                return state.runsView.runs.values.first
            }
            guard let run else { return }
            seen.withLock { seen in
                if seen.epochs.last != run.epochsDone { seen.epochs.append(run.epochsDone) }
                if seen.statuses.last != run.status { seen.statuses.append(run.status) }
            }
        }

        var run: RunSummary? { state.withLock { $0.runsView.runs.values.first } }
        var epochs: [Int] { seen.withLock { $0.epochs } }
        var statuses: [RunStatus] { seen.withLock { $0.statuses } }
    }

    /// Polls more often than a dashboard's each second, so that every epoch is seen on its own.
    static let pollInterval = 0.05

    /// A watching state fed by a poller of `runs`; stop the poller when done.
    static func watch(_ runs: URL) -> (WatchedState, RunsPoller) {
        let watched = WatchedState()
        let poller = RunsPoller(runsDirectory: runs, interval: pollInterval)
        poller.start { watched.reduceUpdate($0) }
        return (watched, poller)
    }

    /// Waits (on a thread of its own) until `condition` holds or two minutes pass.
    static func wait(until condition: @escaping @Sendable () -> Bool) async throws -> Bool {
        try await onOwnThread {
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                if condition() { return true }
                usleep(50_000)
            }
            return false
        }
    }

    @Test func aRunOfAnotherProcessShowsEpochByEpochUntilFinished() async throws {
        let runs = temporaryFolder("dashboard-live")
        defer { try? FileManager.default.removeItem(at: runs) }
        let (watched, poller) = Self.watch(runs)
        defer { poller.stop() }
        let process = try LiveDiscoveryTests.startTraining(epochs: 3, runs: runs)
        let finished = try await Self.wait { watched.run?.status == .finished }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(finished, "last seen: \(String(describing: watched.run?.status)), epochs \(watched.epochs)")
        #expect(Array(watched.epochs.drop(while: { $0 == 0 })) == [1, 2, 3], "each epoch as it was appended: \(watched.epochs)")
        #expect(watched.statuses.last == .finished && !watched.statuses.contains(.interrupted), "\(watched.statuses)")
        #expect(watched.run?.testAccuracy != nil && watched.run?.plannedEpochs == 3)
    }

    @Test func aKilledTrainerTurnsItsRowInterrupted() async throws {
        let runs = temporaryFolder("dashboard-live-kill")
        defer { try? FileManager.default.removeItem(at: runs) }
        let (watched, poller) = Self.watch(runs)
        defer { poller.stop() }
        let process = try LiveDiscoveryTests.startTraining(epochs: 50, runs: runs)
        let training = try await Self.wait { watched.run.map { $0.status == .running && $0.epochsDone >= 1 } ?? false }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(training, "the run was seen training: \(watched.statuses)")
        let interrupted = try await Self.wait { watched.run?.status == .interrupted }
        #expect(interrupted && watched.statuses.last == .interrupted, "\(watched.statuses)")
        #expect(try String(contentsOf: runs.appendingPathComponent(watched.run!.id).appendingPathComponent("state"), encoding: .utf8)
                == "running\n", "the dashboard wrote nothing into the run")
    }
}
