// SessionTests: the run loop end to end with a paced terminal and fake trainers: keys reach the trainers, quit waits for them.
import Foundation
import Testing
import TerminalUI
@testable import Dashboard

/// The limit only catches a hang. The session's loop and ticks run on threads of their own, so the
/// suite's synchronous tests, which hold Swift's shared pool, cannot stall it.
@Suite(.timeLimit(.minutes(1))) struct SessionTests {
    static let themes = ThemeCatalog(directory: "/nonexistent")

    /// Tab to the CNN, pause it, open and close the help, quit; each key once the screen has answered the last.
    @Test func keysSteerTheTrainersAndQuitWaitsForThemAndRestoresTheTerminal() async throws {
        // Tall enough for the whole help with its last line.
        let terminal = PacedTerminal(size: Size(width: 100, height: 40), script: [
            .init(once: " FCNN seed  ● training", press: .key(.tab)),
            .init(once: " CNN seed  ● training", press: .key(.character(" "))),
            .init(once: "2 CNN ‖ paused", press: .key(.character("?"))),
            .init(once: "Esc/other keys close", press: .key(.escape)),
            .init(when: { !$0.contains("Esc/other keys close") }, press: .key(.character("q"))),
        ])
        let trainers = [FakeTrainer(model: .fcnn), FakeTrainer(model: .cnn)]
        let session = DashboardSession(state: Fixtures.state(size: .zero), trainers: trainers, themes: Self.themes,
                                       theme: .dark, runsDirectory: nil)
        let box = TerminalBox(terminal)
        try await session.run { box.terminal }

        #expect(terminal.remainingSteps == 0)
        #expect(terminal.startCount == 1 && terminal.stopCount == 1)
        #expect(trainers[0].recordedCalls == [.threads(1), .threads(2), .stop])
        #expect(trainers[1].recordedCalls == [.threads(1), .pause, .stop])
        #expect(session.state.models.allSatisfy { $0.threadExited && $0.phase == .stopped })
        #expect(terminal.frames.allSatisfy { $0.size == Size(width: 100, height: 40) })
    }

    @Test func aTerminalThatCannotStartStartsNoTrainer() async {
        let terminal = PacedTerminal(size: Size(width: 100, height: 30), script: [], failsToStart: true)
        let trainers = [FakeTrainer(model: .fcnn), FakeTrainer(model: .cnn)]
        let session = DashboardSession(state: Fixtures.state(), trainers: trainers, themes: Self.themes, theme: .dark,
                                       runsDirectory: nil)
        let box = TerminalBox(terminal)
        await #expect(throws: PacedTerminal.Failure.self) { try await session.run { box.terminal } }
        #expect(trainers.allSatisfy { !$0.started })
    }
}
