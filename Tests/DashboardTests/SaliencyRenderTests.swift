// SaliencyRenderTests: the misclassified view with its saliency maps, and the confusion matrix's cursor and
// drill-down, drawn as text at 80×24 and 200×60 (issue #14).
import Foundation
@testable import Insight
import Testing
import TerminalUI
@testable import Dashboard

@Suite struct SaliencyRenderTests {
    static func midTraining(width: Int, height: Int) -> DashboardState { RenderTests.midTraining(width: width, height: height) }

    /// Maps for the requests: the predicted class's rises from left to right, the true class's from top to
    /// bottom; IG's completeness 0.42 % and ρ 0.08.
    /// With `emptiedGradCAM`, every map is instead a Grad-CAM map its ReLU emptied: Σ α·A is −1 on the first 588
    /// pixels (75 %) and 0.01 on the rest, so the largest positive value is 1 % of the largest negative one.
    static func answer(_ state: inout DashboardState, _ effects: [DashboardEffect], emptiedGradCAM: Bool = false) {
        for case .computeSaliency(let request) in effects {
            let maps = request.targets.enumerated().map { row, target in
                guard !emptiedGradCAM else {
                    let signed = (0..<784).map { $0 < 588 ? Float(-1) : 0.01 }
                    return AttributionMap(targetClass: target, values: signed.map { max($0, 0) }, signedValues: signed)
                }
                return AttributionMap(targetClass: target, values: (0..<784).map { Float(row == 0 ? $0 % 28 : $0 / 28) / 27 },
                                      completeness: Completeness(attributionSum: 2.0084, logitDifference: 2, steps: 50))
            }
            let attribution = Attribution(method: request.method, logits: [Float](repeating: 0, count: 10), maps: maps)
            let sanity = SaliencySanity(stages: [SaliencySanity.Stage(layer: "fc1", rho: 0.08)])
            _ = reduce(&state, .saliencyComputed(SaliencyResult(request: request, outcome: .success(
                SaliencyMaps(attribution: attribution, sanity: sanity, seconds: 0.084)))))
        }
    }

    static func misclassified(width: Int, height: Int, keys: [Key] = [], emptiedGradCAM: Bool = false) -> DashboardState {
        var state = midTraining(width: width, height: height)
        for key in [Key.character("m"), .right] + keys {
            answer(&state, reduce(&state, .key(key)), emptiedGradCAM: emptiedGradCAM)
        }
        return state
    }
}

extension SaliencyRenderTests {
    /// At 80×24 the maps are thumbnails beside the large image, the saliency keys and figures under them, the
    /// browser's keys along the bottom.
    @Test func misclassifiedWithMapsAt80x24() {
        let rows = trimmedRows(frame(Self.misclassified(width: 80, height: 24)))
        print(rows.joined(separator: "\n"))
        #expect(rows.count == 24)
        #expect(rows.contains { $0.contains("predicted Bag") && $0.contains("true Sneaker") })
        #expect(rows.contains { $0.contains("completeness error 0.42 %") })
        #expect(rows.contains { $0.contains("sanity ρ 0.08 ✓") })
    }

    /// At 200×60 the maps are full size, the facts, figures and keys beside them, the next images below.
    @Test func misclassifiedWithMapsAt200x60() {
        let rows = trimmedRows(frame(Self.misclassified(width: 200, height: 60)))
        print(rows.joined(separator: "\n"))
        #expect(rows.contains { $0.contains("sanity: ρ vs re-initialised net 0.08 ✓") })
        #expect(rows.contains { $0.contains("completeness error 0.42 % of y(x) − y(baseline)") })
    }

    /// `v`: a row of maps per model, each captioned with the model.
    @Test func bothModelsAt200x60() {
        let rows = trimmedRows(frame(Self.misclassified(width: 200, height: 60, keys: [.character("v")])))
        print(rows.joined(separator: "\n"))
        #expect(rows.contains { $0.contains("FCNN predicted Bag") && $0.contains("FCNN true Sneaker") })
        #expect(rows.contains { $0.contains("CNN predicted Bag") && $0.contains("CNN true Sneaker") })
    }

    /// The heat: the predicted class's map rises from left to right, so its right column is hot (bright) and
    /// its left column the dimmed image.
    @Test func heatRisesWhereTheMapDoes() {
        let state = Self.misclassified(width: 200, height: 60)
        let buffer = frame(state)
        let rows = trimmedRows(buffer)
        let captionRow = rows.firstIndex { $0.contains("predicted Bag") }!
        let captionColumn = Array(rows[captionRow]).firstIndex(of: "p")!
        let left = buffer[captionColumn, captionRow + 5], right = buffer[captionColumn + 27, captionRow + 5]
        #expect(left.character == "▀" && right.character == "▀")
        #expect(right.style.foreground == SaliencyHeatmap.color(grey: 140.0 / 255, heat: 1, signed: false))
        #expect(left.style.foreground == SaliencyHeatmap.color(grey: 140.0 / 255, heat: 0, signed: false))
        #expect(left.style.foreground != right.style.foreground)
    }

    /// A Grad-CAM map its ReLU emptied is not scaled up into noise: its place says why (the share of the image
    /// where Σ α·A < 0) and which key shows the signed map; after `a` that signed map is drawn instead.
    @Test func emptiedGradCAMExplainsItselfUntilShownSigned() {
        var state = Self.misclassified(width: 200, height: 60, emptiedGradCAM: true)
        let text = trimmedRows(frame(state)).joined(separator: "\n")
        print(text)
        // One note per map (predicted and true), wrapped to the map's 28 columns.
        for line in ["Grad-CAM ≈ 0: Σ α·A < 0", "75 % of the image (conv2's", "class). a: the signed map"] {
            #expect(text.components(separatedBy: line).count == 3, "\(line)")
        }
        Self.answer(&state, reduce(&state, .key(.character("a"))), emptiedGradCAM: true)
        let signed = trimmedRows(frame(state)).joined(separator: "\n")
        #expect(!signed.contains("Grad-CAM ≈ 0"))
        #expect(signed.contains("signed: green for, red against"))
    }

    /// IG's unrefined maps, shown while the worker refines the true class's: the larger of the two completeness
    /// errors (the one being refined), the worker's CPU time and "refining…", the sanity ρ once it has come; the
    /// refined maps then replace them.
    @Test(arguments: [(80, 24), (200, 60)])
    func integratedGradientsRefiningShowsTheLargerErrorAndSaysSo(width: Int, height: Int) throws {
        var state = Self.midTraining(width: width, height: height)
        let request = try #require(reduce(&state, .key(.character("m"))).compactMap { effect -> SaliencyRequest? in
            if case .computeSaliency(let request) = effect { request } else { nil }
        }.first)
        let passing = SaliencySanity(stages: [.init(layer: "fc1", rho: 0.08)])
        func deliver(trueClassError: Float, isRefining: Bool, sanity: SaliencySanity?) -> String {
            let maps = zip(request.targets, [Float(0.0005), trueClassError]).map { target, error in
                AttributionMap(targetClass: target, values: (0..<784).map { Float($0 % 28) / 27 },
                               completeness: Completeness(attributionSum: 2 * (1 + error), logitDifference: 2, steps: isRefining ? 50 : 150))
            }
            let attribution = Attribution(method: request.method, logits: [Float](repeating: 0, count: 10), maps: maps)
            _ = reduce(&state, .saliencyComputed(SaliencyResult(request: request, outcome: .success(
                SaliencyMaps(attribution: attribution, sanity: sanity, seconds: 0.084, cpuSeconds: 0.027, isRefining: isRefining)))))
            return trimmedRows(frame(state)).joined(separator: "\n")
        }
        let first = deliver(trueClassError: 0.0354, isRefining: true, sanity: nil)
        print(first)
        #expect(first.contains(width == 80 ? "sanity ρ …" : "sanity: ρ vs re-initialised net …"))
        let refining = deliver(trueClassError: 0.0354, isRefining: true, sanity: passing)
        #expect(refining.contains("completeness error 3.54 %") && refining.contains("computed in 84 ms, CPU 27 ms, refining…"))
        #expect(refining.contains(width == 80 ? "sanity ρ 0.08 ✓" : "sanity: ρ vs re-initialised net 0.08 ✓"))
        let refined = deliver(trueClassError: 0.0042, isRefining: false, sanity: passing)
        #expect(refined.contains("completeness error 0.42 %") && refined.contains("computed in 84 ms, CPU 27 ms"))
        #expect(!refined.contains("refining"))
    }

    /// `c` puts the cursor on the matrix (its cell in reverse video, the keys in the title); the bottom border
    /// names the most confused pairs.
    @Test(arguments: [(80, 24), (200, 60)])
    func confusionCursorAndMostConfused(width: Int, height: Int) {
        var state = Self.midTraining(width: width, height: height)
        _ = reduce(&state, .key(.character("c")))
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .key(.right))
        _ = reduce(&state, .key(.right))
        let buffer = frame(state)
        let rows = trimmedRows(buffer)
        print(rows.joined(separator: "\n"))
        #expect(rows.contains { $0.contains("most confused: T-shirt/top→Trouser") })
        // Below the header (whose selected tab is in reverse video too).
        let reversed = (2..<height).flatMap { y in (0..<width).map { (x: $0, y: y) } }.filter { buffer[$0.x, $0.y].style.reverse }
        #expect(!reversed.isEmpty)
        #expect(Set(reversed.map(\.y)).count == 1, "one row of the matrix holds the cursor")
    }

    /// Enter on a cell opens its images, titled by the cell.
    @Test func drillDownTitle() {
        var state = Self.midTraining(width: 80, height: 24)
        for key in [Key.character("c"), .down, .down, .down, .down, .down, .down, .down, .right, .right, .right, .right, .right,
                    .right, .right, .right, .enter] {
            Self.answer(&state, reduce(&state, .key(key)))
        }
        let rows = trimmedRows(frame(state))
        print(rows.joined(separator: "\n"))
        #expect(rows[2].contains("True Sneaker predicted Bag · FCNN"))
    }
}
