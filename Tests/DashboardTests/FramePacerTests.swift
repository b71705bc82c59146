// FramePacerTests: keys draw at once, progress at most every 100 ms, a wake-up when a frame is held back, saliency
// maps at once.
import Foundation
import Testing
@testable import Dashboard

@Suite struct FramePacerTests {
    static let start = ContinuousClock().now

    static func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    @Test func theFirstFrameIsDrawnAtOnceAndTicksAloneDrawNothing() {
        var pacer = FramePacer()
        pacer.note(.tick(now: 0))
        #expect(pacer.decide(now: Self.at(0)) == .draw)
        pacer.drew(at: Self.at(0))
        pacer.note(.tick(now: 1))
        #expect(pacer.decide(now: Self.at(1000)) == .wait)
    }

    @Test func progressWaitsForTheHundredMillisecondsWithOneWakeUp() {
        var pacer = FramePacer()
        pacer.drew(at: Self.at(0))
        pacer.note(.training(slot: 0, Fixtures.progress(.fcnn, epoch: 1, batch: 20)))
        #expect(pacer.decide(now: Self.at(30)) == .wake(after: .milliseconds(70)))
        pacer.note(.training(slot: 1, Fixtures.progress(.cnn, epoch: 1, batch: 20)))
        #expect(pacer.decide(now: Self.at(60)) == .wait)
        pacer.note(.tick(now: 0.1))
        #expect(pacer.decide(now: Self.at(100)) == .draw)
    }

    @Test func aKeyIsAnsweredAtOnceUnlessAFrameWasJustDrawn() {
        var pacer = FramePacer()
        pacer.drew(at: Self.at(0))
        pacer.note(.key(.tab))
        #expect(pacer.decide(now: Self.at(60)) == .draw)
        pacer.drew(at: Self.at(60))
        pacer.note(.key(.tab))
        #expect(pacer.decide(now: Self.at(80)) == .wake(after: .milliseconds(30)))
        #expect(pacer.decide(now: Self.at(110)) == .draw)
    }

    /// The maps a key asked for do not wait out the 50 ms after the key's own frame; progress after them does.
    @Test func saliencyMapsAreDrawnAtOnceEvenRightAfterTheKeysFrame() {
        var pacer = FramePacer()
        pacer.note(.key(.right))
        pacer.drew(at: Self.at(0))
        let request = SaliencyRequest(slot: 0, model: .fcnn, testIndex: 4, targets: [5, 4], method: .gradient,
                                      weightsFile: URL(fileURLWithPath: "/runs/a/last.safetensors"), predictionsStamp: "epoch 1",
                                      normalizesInputs: false)
        pacer.note(.saliencyComputed(SaliencyResult(request: request, outcome: .failure(SaliencyFailure("no file")))))
        #expect(pacer.decide(now: Self.at(5)) == .draw)
        pacer.drew(at: Self.at(5))
        pacer.note(.training(slot: 0, Fixtures.progress(.fcnn, epoch: 1, batch: 20)))
        #expect(pacer.decide(now: Self.at(10)) == .wake(after: .milliseconds(95)))
    }

    @Test func aRequestedFrameIsDrawnWithoutAnInput() {
        var pacer = FramePacer()
        pacer.drew(at: Self.at(0))
        pacer.requestFrame()
        #expect(pacer.decide(now: Self.at(200)) == .draw)
    }
}
