// SessionTests: the run loop end to end with a paced terminal and fake trainers: keys reach the trainers, quit waits for them.
import Foundation
import Testing
import TerminalUI
@testable import Dashboard

@Suite(.timeLimit(.minutes(1))) struct SessionTests {
    static let themes = ThemeCatalog(directory: "/nonexistent")

    @Test func keysSteerTheTrainersAndQuitWaitsForThemAndRestoresTheTerminal() async throws {
        let terminal = PacedTerminal(size: Size(width: 100, height: 30),
                                     script: [.key(.tab), .key(.character(" ")), .key(.character("?")), .key(.escape), .key(.character("q"))])
        let trainers = [FakeTrainer(model: .fcnn), FakeTrainer(model: .cnn)]
        let session = DashboardSession(state: Fixtures.state(screen: .zero), trainers: trainers, themes: Self.themes,
                                       theme: .dark, runsDirectory: nil)
        let box = TerminalBox(terminal)
        try await session.run { box.terminal }

        #expect(terminal.startCount == 1 && terminal.stopCount == 1)
        #expect(trainers[0].recordedCalls.first == .threads(1) && trainers[1].recordedCalls.first == .threads(1))
        #expect(trainers[1].recordedCalls.contains(.pause))
        #expect(trainers.allSatisfy { $0.recordedCalls.last == .stop })
        #expect(session.state.models.allSatisfy { $0.threadExited && $0.phase == .stopped })
        let texts = terminal.frames.map { trimmedRows($0).joined(separator: "\n") }
        #expect(texts.contains { $0.contains(" CNN  ● training") })
        #expect(texts.contains { $0.contains("2 CNN ‖ paused") || $0.contains("2 CNN ‖ pausing") })
        #expect(texts.contains { $0.contains("Esc or any key closes") })
        #expect(terminal.frames.allSatisfy { $0.size == Size(width: 100, height: 30) })
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
