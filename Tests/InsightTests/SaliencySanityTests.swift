// SaliencySanityTests: Spearman ρ and Captum's percentile clipping by hand, and the randomisation cascade.
import NeuralNet
import Testing
@testable import Insight

@Suite("Saliency sanity and display")
struct SaliencySanityTests {
    @Test
    func spearmanRanksTiesByTheirAverageRank() {
        #expect(SpearmanCorrelation.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
        #expect(SpearmanCorrelation.ranks([3, 1, 3, 3]) == [3, 1, 3, 3])
    }

    /// ranks [1, 2.5, 2.5, 4] and [1, 3, 2, 4] about their mean 2.5: covariance 4.5, variances 4.5 and 5,
    /// ρ = 4.5 / √22.5.
    @Test
    func spearmanRhoByHand() {
        #expect(abs(SpearmanCorrelation.rho([1, 2, 2, 3], [1, 3, 2, 4]) - 4.5 / 22.5.squareRoot()) < 1e-12)
        #expect(SpearmanCorrelation.rho([1, 5, 7, 100], [0.1, 0.2, 9, 10]) == 1)
        #expect(SpearmanCorrelation.rho([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
        #expect(SpearmanCorrelation.rho([1, 1, 1], [1, 2, 3]) == 0, "a constant map has no ranks to compare")
    }

    /// 1 … 100 sum to 5050; 98 % is 4949, first reached at 99 (1 + … + 99 = 4950): values over 99 clip to 1.
    @Test
    func percentileClippingAsCaptum() {
        let values = (1...100).map(Float.init)
        #expect(PercentileClipping.cumulativeSumThreshold(values, percentile: 98) == 99)
        let shown = PercentileClipping.normalized(values.map { -$0 }, signed: false)
        #expect(shown[99] == 1 && shown[98] == 1 && shown[49] == 50 / 99)
        let signed = PercentileClipping.normalized(values.map { -$0 }, signed: true)
        #expect(signed[99] == -1 && signed[0] == -1 / 99)
        #expect(PercentileClipping.normalized([0, 0], signed: false) == [0, 0])
    }

    /// Step k of the cascade re-initialises the top k + 1 parameter layers and leaves the rest, and the
    /// network it copies, as they were.
    @Test(arguments: ModelKind.allCases)
    func cascadeReinitialisesFromTheTopDown(kind: ModelKind) {
        var rng = SplitMix64(seed: 3)
        let network = Network(kind)
        network.initialize(rng: &rng)
        let before = network.store.snapshot()
        let layers = SaliencySanity.cascadeLayers(kind)
        #expect(layers.first == "out" && layers.last == (kind == .cnn ? "conv1" : "fc1"))
        let cascade = SaliencySanity.randomizedCascade(of: network, seed: 9, fullOnly: false)
        #expect(cascade.map(\.layer) == layers)
        for (depth, step) in cascade.enumerated() {
            for (position, layer) in layers.enumerated() {
                let name = "\(layer).weight"
                let changed = step.network.store.read(step.network.store[name]) != network.store.read(network.store[name])
                #expect(changed == (position <= depth), "step \(depth) layer \(layer)")
            }
        }
        #expect(network.store.snapshot() == before)
    }

    /// On the seed's FCNN the gradient map of a real image is far from the one of the fully re-initialised
    /// net (ρ < 0.5, the badge passes), and the map compared with itself gives ρ = 1.
    @Test
    func sanityOfTheGradientOnTheSeedFCNN() throws {
        let model = AttributionModel(network: try InsightFixtures.seedNetwork(.fcnn), pool: InsightFixtures.pool)
        let explainer = AttributionExplainer(model: model)
        let image = InsightFixtures.image(0)
        let attribution = try explainer.attribute(image, targets: [9], method: .gradient)
        let sanity = SaliencySanity.check(attribution, image: image, explainer: explainer, fullOnly: false)
        #expect(sanity.stages.count == 3)
        #expect(sanity.passes, "ρ \(sanity.stages.map(\.rho))")
        let values = attribution.maps[0].values.map(abs)
        #expect(SpearmanCorrelation.rho(values, values) == 1)
    }
}
