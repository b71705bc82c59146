// AttributionBatchingTests: the attribution methods' batched passes (IG's steps, SmoothGrad's samples, occlusion's
// copies, both targets in one batch) give the maps of passes image by image, on the seed's real weights; and
// Integrated Gradients shows its maps before refining them without changing the refined ones.
import NeuralNet
import Testing
@testable import Insight

@Suite("Attribution batching")
struct AttributionBatchingTests {
    /// Every method, both nets, a misclassified-style pair of targets (predicted, true) and a third class: the
    /// default batches of up to 128 images against batches of one. The GEMMs see other shapes, so the sums may
    /// round differently: equal to 1e-5 of the map's largest value (found: at most 2.5e-7; a row or image mixed
    /// up would differ by O(1)).
    @Test(arguments: ModelKind.allCases)
    func batchedPassesGiveTheMapsOfPassesImageByImage(kind: ModelKind) throws {
        let network = try InsightFixtures.seedNetwork(kind)
        let batched = AttributionExplainer(model: AttributionModel(network: network, pool: InsightFixtures.pool))
        let single = AttributionExplainer(model: AttributionModel(network: network, pool: InsightFixtures.pool, batchLimit: 1))
        let index = 12, truth = Int(InsightFixtures.testImages.labels[12])
        let image = InsightFixtures.image(index)
        let targets = [truth, (truth + 3) % 10, (truth + 7) % 10]
        for method in AttributionMethod.available(for: kind) {
            let a = try batched.attribute(image, targets: targets, method: method)
            let b = try single.attribute(image, targets: targets, method: method)
            #expect(a.logits == b.logits, "\(kind) \(method): logits")
            var largest: Float = 0
            defer { print("\(kind) \(method): batched vs image by image differ by at most \(largest) of the map's largest value") }
            for (mapA, mapB) in zip(a.maps, b.maps) {
                let scale = max(mapB.values.map(abs).max() ?? 0, 1e-12)
                let difference = zip(mapA.values, mapB.values).map { abs($0 - $1) }.max() ?? 0
                largest = max(largest, difference / scale)
                #expect(difference <= 1e-5 * scale,
                        "\(kind) \(method) class \(mapA.targetClass): differs by \(difference / scale) of the largest")
                #expect(mapA.completeness?.steps == mapB.completeness?.steps)
            }
        }
    }

    /// FCNN test image 1 needs 450 steps for its true class (README table): before each refinement the maps so
    /// far are handed out, the first being the 50-step maps; the refined result is the one computed without
    /// looking; stopping at the first look returns the 50-step maps.
    @Test
    func integratedGradientsShowTheirMapsBeforeRefiningThem() throws {
        let model = AttributionModel(network: try InsightFixtures.seedNetwork(.fcnn), pool: InsightFixtures.pool)
        let explainer = AttributionExplainer(model: model)
        var unrefinedExplainer = explainer
        unrefinedExplainer.settings.completenessTolerance = nil
        let image = InsightFixtures.image(1), truth = Int(InsightFixtures.testImages.labels[1])
        var seen = [Attribution]()
        let refined = try explainer.attribute(image, targets: [truth], method: .integratedGradients) { seen.append($0); return true }
        #expect(seen.map { $0.maps[0].completeness?.steps } == [50, 150])
        let unwatched = try explainer.attribute(image, targets: [truth], method: .integratedGradients)
        #expect(refined == unwatched)
        #expect(refined.maps[0].completeness?.steps == 450)
        let unrefined = try unrefinedExplainer.attribute(image, targets: [truth], method: .integratedGradients)
        #expect(seen.first == unrefined)
        let stopped = try explainer.attribute(image, targets: [truth], method: .integratedGradients) { _ in false }
        #expect(stopped == unrefined)
        for method in AttributionMethod.available(for: .fcnn) where method != .integratedGradients {
            _ = try explainer.attribute(image, targets: [truth], method: method) { _ in
                Issue.record("\(method) refines nothing")
                return true
            }
        }
    }
}
