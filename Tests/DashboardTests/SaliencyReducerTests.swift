// SaliencyReducerTests: the misclassified view's saliency requests and results, its keys, and the confusion
// matrix's cursor with its drill-down into the browser (issue #14).
import Foundation
@testable import Insight
import NeuralNet
import Testing
import TerminalUI
@testable import Dashboard

@Suite struct SaliencyReducerTests {
    static func training() -> DashboardState { ReducerKeyTests.training() }

    /// The requests among `effects`.
    static func requests(_ effects: [DashboardEffect]) -> [SaliencyRequest] {
        effects.compactMap { if case .computeSaliency(let request) = $0 { request } else { nil } }
    }

    /// Opening the view asks for the shown image's maps (predicted, then true class) from the weights saved
    /// after the previewed epoch; stepping asks again, the same state asks nothing more.
    @Test func openingAndSteppingRequestMaps() throws {
        var state = Self.training()
        let first = try #require(Self.requests(reduce(&state, .key(.character("m")))).first)
        #expect(first.slot == 0 && first.model == .fcnn && first.testIndex == 4 && first.targets == [5, 4])
        #expect(first.method == .integratedGradients && first.predictionsStamp == "epoch 2")
        #expect(first.weightsFile.path == "/runs/20250412-153012-fcnn/last.safetensors")
        #expect(Self.requests(reduce(&state, .tick(now: 1))).isEmpty)
        let next = Self.requests(reduce(&state, .key(.right)))
        #expect(next.map(\.testIndex) == [7])
    }

    /// A result is kept only when it answers the newest request of its slot.
    @Test func staleResultsAreDropped() throws {
        var state = Self.training()
        let old = try #require(Self.requests(reduce(&state, .key(.character("m")))).first)
        let new = try #require(Self.requests(reduce(&state, .key(.right))).first)
        let maps = SaliencyMaps(attribution: Attribution(method: .integratedGradients, logits: [Float](repeating: 0, count: 10), maps: []),
                                sanity: SaliencySanity(stages: []), seconds: 0.05)
        _ = reduce(&state, .saliencyComputed(SaliencyResult(request: old, outcome: .success(maps))))
        #expect(state.saliency.results.isEmpty)
        _ = reduce(&state, .saliencyComputed(SaliencyResult(request: new, outcome: .success(maps))))
        #expect(state.saliency.result(for: new) != nil)
    }

    /// `s` cycles the FCNN's methods (weight templates in Grad-CAM's place), `S` goes back; on the CNN the
    /// same setting shows Grad-CAM. `a` toggles the sign, `v` asks for both models' maps of the image.
    @Test func methodSignAndBothModelsKeys() {
        var state = Self.training()
        _ = reduce(&state, .key(.character("m")))
        var seen = [AttributionMethod]()
        for _ in 0..<6 {
            let request = Self.requests(reduce(&state, .key(.character("s"))))
            seen.append(state.saliency.method)
            #expect(request.map(\.method) == [state.saliency.method])
        }
        #expect(seen == [.smoothGrad, .occlusion, .weightTemplates, .gradient, .gradientTimesInput, .integratedGradients])
        _ = reduce(&state, .key(.character("S")))
        #expect(state.saliency.method == .gradientTimesInput)
        _ = reduce(&state, .key(.character("S")))
        _ = reduce(&state, .key(.character("S")))
        #expect(state.saliency.method == .weightTemplates)
        #expect(state.saliency.method(for: .cnn) == .gradCAM)
        #expect(Self.requests(reduce(&state, .key(.character("a")))).isEmpty && state.saliency.signed)
        let both = Self.requests(reduce(&state, .key(.character("v"))))
        #expect(both.map(\.slot) == [1] && both.first?.method == .gradCAM && both.first?.targets == [5, 4])
        #expect(both.first?.weightsFile.path == "/runs/20250412-153012-cnn/last.safetensors")
    }

    /// Without a run folder (no weights saved) nothing is asked for.
    @Test func noRequestWithoutSavedWeights() {
        var state = Self.training()
        state.models[0].runFolder = nil
        #expect(Self.requests(reduce(&state, .key(.character("m")))).isEmpty)
    }

    /// `c` gives the matrix the keys; arrows move the cursor inside the matrix; Enter opens the browser on
    /// the cell: wrong ones most confident first, a diagonal cell's right ones least confident first.
    @Test func confusionCursorMovesAndDrillsDown() {
        var state = Self.training()
        _ = reduce(&state, .key(.character("c")))
        #expect(state.overlays == [.confusionCursor] && ScreenLayout(size: state.screenSize, screen: state.screen,
                                                                      overlays: state.overlays).focus == .confusion)
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.left))
        #expect(state.confusionCursor == ConfusionCell(trueClass: 0, predictedClass: 0))
        for _ in 0..<7 { _ = reduce(&state, .key(.down)) }
        for _ in 0..<8 { _ = reduce(&state, .key(.right)) }
        #expect(state.confusionCursor == ConfusionCell(trueClass: 7, predictedClass: 8))
        _ = reduce(&state, .key(.enter))
        #expect(state.screen == .misclassified && state.overlays.isEmpty)
        #expect(state.browser.cell == ConfusionCell(trueClass: 7, predictedClass: 8))
        #expect(state.browser.visible(state.selectedModel.predictions, labels: state.testImages.labels).map(\.index) == [7])
        // Right answers of class 0: images 0 and 10, both 80 %: by index.
        _ = reduce(&state, .key(.escape))
        _ = reduce(&state, .key(.character("c")))
        for _ in 0..<7 { _ = reduce(&state, .key(.up)) }
        for _ in 0..<8 { _ = reduce(&state, .key(.left)) }
        _ = reduce(&state, .key(.enter))
        #expect(state.browser.visible(state.selectedModel.predictions, labels: state.testImages.labels).map(\.index) == [0, 10])
        // `c` in the browser leaves the cell for the true-class filter.
        _ = reduce(&state, .key(.character("c")))
        #expect(state.browser.cell == nil && state.browser.classFilter == nil)
    }

    /// fastai's most_confused: the largest off-diagonal cells, ties by true then predicted class.
    @Test func mostConfusedPairs() {
        var counts = (0..<10).map { row in (0..<10).map { $0 == row ? 90 : 0 } }
        counts[6][0] = 116
        counts[2][4] = 152
        counts[4][6] = 89
        counts[0][6] = 89
        let pairs = ConfusionCell.mostConfused(counts)
        #expect(pairs.map(\.cell) == [ConfusionCell(trueClass: 2, predictedClass: 4), ConfusionCell(trueClass: 6, predictedClass: 0),
                                      ConfusionCell(trueClass: 0, predictedClass: 6)])
        #expect(pairs.map(\.images) == [152, 116, 89])
    }

    /// A diagonal cell lists right answers least confident first; an off-diagonal one wrong answers most confident first.
    @Test func cellListsOrderByConfidence() {
        let predictions = Fixtures.predictions(confidences: [0.9, 0.5, 0.7, 0.6, 0.95, 0.4, 0.3, 0.2, 0.1, 0.8, 0.55, 0.99]) { index in
            index == 3 || index == 5 ? 0 : index % 10
        }
        let labels = Fixtures.testImages.labels
        #expect(MisclassifiedImage.list(predictions, labels: labels, in: ConfusionCell(trueClass: 0, predictedClass: 0)).map(\.index)
            == [10, 0])
        #expect(MisclassifiedImage.list(predictions, labels: labels, in: ConfusionCell(trueClass: 3, predictedClass: 0)).map(\.index)
            == [3])
        #expect(MisclassifiedImage.list(predictions, labels: labels, in: ConfusionCell(trueClass: 5, predictedClass: 0)).map(\.index)
            == [5])
    }
}
