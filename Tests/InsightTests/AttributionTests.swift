// AttributionTests: the attribution methods against finite differences, completeness, hand-computed
// occlusion and Grad-CAM, on the seed's real weights and hand-built networks.
import Foundation
import NeuralNet
import Testing
@testable import Insight

@Suite("Attribution methods")
struct AttributionTests {
    /// ∂y_c/∂x of the logit for the largest and a few random pixels, against a float64 central difference
    /// through the plain-loop reference, on the seed's weights, plain and normalised inputs. A real image has
    /// runs of equal pixels, so max-pooling windows hold ties where the logit has a kink and no derivative;
    /// seeded noise of ±0.01 breaks them. The nets are piecewise linear: a pixel is compared only where the
    /// forward and backward differences (h = 1e-4) agree, i.e. no kink lies within ±h (most pixels).
    @Test(arguments: ModelKind.allCases, [false, true])
    func gradientMatchesCentralDifferencesOfTheLogit(kind: ModelKind, normalized: Bool) throws {
        let model = AttributionModel(network: try InsightFixtures.seedNetwork(kind), inputMean: normalized ? 0.2860 : 0,
                                     inputStandardDeviation: normalized ? 0.3530 : 1, pool: InsightFixtures.pool)
        var rng = SplitMix64(seed: 5)
        let image = InsightFixtures.image(0).map { $0 + (rng.nextUniform() - 0.5) * 0.02 }
        let targets = [9, 7]   // an ankle boot: its class and sneaker
        let attribution = try AttributionExplainer(model: model).attribute(image, targets: targets, method: .gradient)
        #expect(attribution.maps.map(\.targetClass) == targets)
        for map in attribution.maps {
            let logit = InsightFixtures.referenceLogit(model, map.targetClass)
            let x = image.map(Double.init), h = 1e-4, y = logit(x)
            let largest = map.values.indices.sorted { abs(map.values[$0]) > abs(map.values[$1]) }.prefix(6)
            let pixels = Array(largest) + (0..<6).map { _ in Int(rng.next() % 784) }
            let scale = Double(map.values.map(abs).max()!)
            var compared = 0
            for pixel in pixels {
                var plus = x, minus = x
                plus[pixel] += h
                minus[pixel] -= h
                let (forward, backward) = ((logit(plus) - y) / h, (y - logit(minus)) / h)
                guard abs(forward - backward) < 1e-6 * scale else { continue }
                compared += 1
                #expect(abs(Double(map.values[pixel]) - (forward + backward) / 2) < 1e-4 * scale,
                        "\(kind) class \(map.targetClass) pixel \(pixel): \(map.values[pixel]) vs \((forward + backward) / 2)")
            }
            #expect(compared >= 8, "\(kind) class \(map.targetClass): only \(compared) of 12 pixels away from a kink")
        }
    }

    /// Σ IG = y_c(x) − y_c(x′) within 1 % for the true class of test images 0–9, on both nets, from the blurred
    /// baseline, with the explainer's defaults: 50 midpoint steps, tripled (150, 450, 1,350) while the error is
    /// above 1 %. 50 steps alone do not reach 1 % on every image with any rule of 50 nodes we tried (midpoint,
    /// Gauss–Legendre, nodes placed by the path's kinks): the ReLU nets' logit along the path is piecewise
    /// linear with hundreds of kinks, and on some images y_c(x) − y_c(x′) is small beside the swings of its
    /// slope (README, Insight: saliency, for the errors against the steps).
    @Test(arguments: ModelKind.allCases)
    func integratedGradientsAreCompleteWithinOnePercent(kind: ModelKind) throws {
        let model = AttributionModel(network: try InsightFixtures.seedNetwork(kind), pool: InsightFixtures.pool)
        let explainer = AttributionExplainer(model: model)
        #expect(explainer.settings.integratedGradientsSteps == 50 && explainer.settings.completenessTolerance == 0.01)
        var steps = [Int]()
        for index in 0..<10 {
            let image = InsightFixtures.image(index), truth = Int(InsightFixtures.testImages.labels[index])
            let map = try explainer.attribute(image, targets: [truth], method: .integratedGradients).maps[0]
            let completeness = try #require(map.completeness)
            #expect(abs(completeness.logitDifference) > 1, "a difference worth explaining")
            #expect(abs(completeness.attributionSum - map.values.reduce(0, +)) < 1e-3 * abs(completeness.attributionSum) + 1e-4)
            #expect(completeness.relativeError < 0.01,
                    "\(kind) image \(index) class \(truth): Σ \(completeness.attributionSum) vs \(completeness.logitDifference) at \(completeness.steps) steps")
            steps.append(completeness.steps)
        }
        #expect(steps.allSatisfy { [50, 150, 450, 1350].contains($0) }, "\(steps)")
    }

    /// Refining reuses every gradient: the midpoints of m steps and the refinement's new nodes are the
    /// midpoints of 3m, with weights 1/(3m); refining a target computes the same map as 3m steps at once.
    @Test
    func midpointRefinementNestsAndMatchesTripleTheSteps() throws {
        let (points, _) = AttributionQuadrature.midpoint.nodes(4)
        let refinement = AttributionQuadrature.midpoint.refinement(of: 4)
        let merged = (points + refinement.points).sorted()
        let (tripled, _) = AttributionQuadrature.midpoint.nodes(12)
        #expect(refinement.keepsEarlier && zip(merged, tripled).allSatisfy { abs($0 - $1) < 1e-12 } && merged.count == 12)
        #expect(refinement.weights.allSatisfy { abs($0 - 1.0 / 12) < 1e-15 })
        let model = AttributionModel(network: try InsightFixtures.seedNetwork(.fcnn), pool: InsightFixtures.pool)
        var refined = AttributionExplainer(model: model), direct = refined
        refined.settings.completenessTolerance = 1e-6   // refines once: 50 → 150
        refined.settings.maximumIntegratedGradientsSteps = 150
        direct.settings.completenessTolerance = nil
        direct.settings.integratedGradientsSteps = 150
        let image = InsightFixtures.image(1)
        let a = try refined.attribute(image, targets: [2], method: .integratedGradients).maps[0]
        let b = try direct.attribute(image, targets: [2], method: .integratedGradients).maps[0]
        #expect(a.completeness?.steps == 150 && b.completeness?.steps == 150)
        let scale = b.values.map(abs).max()!
        #expect(zip(a.values, b.values).allSatisfy { abs($0 - $1) <= 1e-4 * scale })
    }

    /// A refinement told between its passes that nobody wants the maps any more (a newer request came) stops
    /// there: the maps are those of the steps before it, and the first steps are never asked about. FCNN image 1's
    /// true class is refined 50 → 150 (one pass) → 450 (three passes) when nothing stops it.
    @Test
    func abandonedRefinementStopsBetweenItsPasses() throws {
        let model = AttributionModel(network: try InsightFixtures.seedNetwork(.fcnn), pool: InsightFixtures.pool)
        let explainer = AttributionExplainer(model: model)
        let image = InsightFixtures.image(1), truth = Int(InsightFixtures.testImages.labels[1])
        var capped = explainer
        func maps(maximumSteps: Int) throws -> AttributionMap {
            capped.settings.maximumIntegratedGradientsSteps = maximumSteps
            return try capped.attribute(image, targets: [truth], method: .integratedGradients).maps[0]
        }
        #expect(try explainer.attribute(image, targets: [truth], method: .integratedGradients).maps[0].completeness?.steps == 450)
        for (passesAllowed, steps) in [(0, 50), (1, 150), (2, 150)] {
            var asked = 0
            let abandoned = try explainer.attribute(image, targets: [truth], method: .integratedGradients,
                                                    isAbandoned: { asked += 1; return asked > passesAllowed }).maps[0]
            #expect(asked == passesAllowed + 1, "asked before each refinement pass, none after the answer was yes")
            #expect(abandoned == (try maps(maximumSteps: steps)), "\(passesAllowed) passes allowed: the \(steps)-step maps")
        }
    }

    /// Without refinement the error falls with the steps, to under 1 % at 1,350 for the hardest images of
    /// the test above (FCNN image 1, CNN image 0; figures in the README).
    @Test(arguments: [(ModelKind.fcnn, 1), (.cnn, 0)])
    func integratedGradientsConvergeWithTheSteps(kind: ModelKind, index: Int) throws {
        let model = AttributionModel(network: try InsightFixtures.seedNetwork(kind), pool: InsightFixtures.pool)
        var explainer = AttributionExplainer(model: model)
        explainer.settings.completenessTolerance = nil
        let image = InsightFixtures.image(index), truth = Int(InsightFixtures.testImages.labels[index])
        var errors = [Float]()
        for steps in [50, 1350] {
            explainer.settings.integratedGradientsSteps = steps
            errors.append(try #require(explainer.attribute(image, targets: [truth], method: .integratedGradients).maps[0].completeness)
                .relativeError)
        }
        #expect(errors[1] < errors[0] && errors[1] < 0.01, "\(kind) image \(index): \(errors)")
    }

    /// Gauss–Legendre with m nodes integrates polynomials of degree 2m − 1 exactly on [0, 1]: ∫ t^k = 1/(k + 1).
    @Test(arguments: [1, 3, 8, 50])
    func gaussLegendreIsExactForPolynomials(count: Int) {
        let (points, weights) = AttributionQuadrature.gaussLegendre.nodes(count)
        #expect(points.allSatisfy { $0 > 0 && $0 < 1 } && zip(points, points.dropFirst()).allSatisfy { $0 < $1 })
        for degree in [0, 1, 2 * count - 1] {
            let integral = zip(points, weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(degree)) }
            #expect(abs(integral - 1 / Double(degree + 1)) < 1e-12, "\(count) nodes, t^\(degree): \(integral)")
        }
    }

    /// An FCNN wired by hand into y_0 = x at pixel (5, 5): one unit of each layer passes that pixel on.
    /// Occluding with grey 0.5 drops y_0 by x − 0.5 = 0.5 for every 4×4 patch over (5, 5) (origins 2, 4 on
    /// each axis) and by 0 for the others; a pixel gets the mean over the patches covering it.
    @Test
    func occlusionMatchesHandComputedDrops() throws {
        let network = Network(.fcnn)
        func set(_ name: String, _ count: Int, _ ones: [Int]) {
            var values = [Float](repeating: 0, count: count)
            for index in ones { values[index] = 1 }
            network.store.write(network.store[name], values)
        }
        set("fc1.weight", 512 * 784, [5 * 28 + 5])   // unit 0 reads pixel (5, 5)
        set("fc2.weight", 256 * 512, [0])            // unit 0 reads fc1's unit 0
        set("out.weight", 10 * 256, [0])             // class 0 reads fc2's unit 0
        var image = [Float](repeating: 0, count: 784)
        image[5 * 28 + 5] = 1
        let model = AttributionModel(network: network, pool: InsightFixtures.pool)
        let attribution = try AttributionExplainer(model: model).attribute(image, targets: [0, 1], method: .occlusion)
        #expect(attribution.logits[0] == 1)
        let map = attribution.maps[0].values
        #expect(map[5 * 28 + 5] == 0.5)     // every patch over it covers (5, 5)
        #expect(map[5 * 28 + 7] == 0.25)    // covered by lefts 4, 6: 2 of its 4 patches cover (5, 5)
        #expect(map[7 * 28 + 7] == 0.125)   // of its 4 patches (tops, lefts 4, 6) only (4, 4) covers (5, 5)
        #expect(map[0] == 0)
        #expect(map[27 * 28 + 27] == 0)
        #expect(attribution.maps[1].values.allSatisfy { $0 == 0 }, "class 1 does not depend on the image")
    }

    /// Grad-CAM by hand: two 2×2 channels; α = the mean gradient per channel (0.5 and −0.25), the map
    /// ReLU(0.5 A_0 − 0.25 A_1).
    @Test
    func gradCAMMatchesHandComputation() {
        let activations: [Float] = [1, 2, 3, 4, /* channel 1 */ 4, 0, 8, 0]
        let gradients: [Float] = [1, 0, 1, 0, /* channel 1 */ -1, 0, 0, 0]
        let cam = GradCAM.map(activations: activations, gradients: gradients, channels: 2, side: 2)
        #expect(cam == [0.5 - 1, 1, 1.5 - 2, 2].map { max($0, 0) })
    }

    /// Bilinear upsampling of 2×2 to 4×4 as PyTorch's align_corners=False: corners keep the values, inner
    /// samples sit a quarter of the way between.
    @Test
    func gradCAMUpsamplesBilinearly() {
        let upsampled = GradCAM.upsample([0, 4, 8, 12], from: 2, to: 4)
        #expect(Array(upsampled[0..<4]) == [0, 1, 3, 4])
        #expect(Array(upsampled[12..<16]) == [8, 9, 11, 12])
        #expect(Array(upsampled[4..<8]) == [2, 3, 5, 6])
    }

    /// On the seed's CNN, Grad-CAM of the true class is non-negative and 28×28, and on test images 0 and 1 its
    /// ReLU leaves almost nothing: Σ_k α_k A_k is negative over most of conv2's map (most α_k < 0). PyTorch
    /// finds the same (scripts/gradcam-reference.py: 81 % and 87 % of the 14×14 cells negative, 4 and 3 of 32
    /// α_k positive, the map's largest value 0.0010 and 0.0000), and on image 2 a map (largest value 0.043).
    @Test
    func gradCAMOfTheSeedCNNIsNearlyEmptyWherePyTorchFindsIt() throws {
        let model = AttributionModel(network: try InsightFixtures.seedNetwork(.cnn), pool: InsightFixtures.pool)
        for (index, nearlyEmpty) in [(0, true), (1, true), (2, false)] {
            let image = InsightFixtures.image(index), truth = Int(InsightFixtures.testImages.labels[index])
            let map = try AttributionExplainer(model: model).attribute(image, targets: [truth], method: .gradCAM).maps[0]
            let signed = try #require(map.signedValues)
            #expect(map.values.count == 784 && map.values.allSatisfy { $0 >= 0 })
            #expect(zip(map.values, signed).allSatisfy { $0 >= $1 - 1e-6 }, "the ReLU'd map is not below the signed one")
            #expect(map.isNearlyEmptyGradCAM == nearlyEmpty, "image \(index): max \(map.values.max()!), min \(signed.min()!)")
            if nearlyEmpty { #expect(map.negativeShare! > 0.6) }
        }
    }

    @Test
    func methodsNotOfferedForAModelAreRefused() throws {
        let model = AttributionModel(network: Network(.fcnn), pool: InsightFixtures.pool)
        #expect(throws: AttributionError.methodNotOffered(.gradCAM, .fcnn)) {
            try AttributionExplainer(model: model).attribute([Float](repeating: 0, count: 784), targets: [0], method: .gradCAM)
        }
        #expect(AttributionMethod.available(for: .cnn).contains(.gradCAM))
        #expect(!AttributionMethod.available(for: .cnn).contains(.weightTemplates))
        #expect(AttributionMethod.gradCAM.next(for: .fcnn) == .gradient)
    }

    /// SmoothGrad with no noise is the plain gradient; with noise it is seeded (same seed, same map).
    @Test
    func smoothGradReducesToTheGradientWithoutNoiseAndIsSeeded() throws {
        let model = AttributionModel(network: try InsightFixtures.seedNetwork(.fcnn), pool: InsightFixtures.pool)
        var explainer = AttributionExplainer(model: model)
        let image = InsightFixtures.image(3)
        let noisy = try explainer.attribute(image, targets: [1], method: .smoothGrad).maps[0].values
        #expect(try explainer.attribute(image, targets: [1], method: .smoothGrad).maps[0].values == noisy)
        explainer.settings.smoothGradNoise = 0
        let plain = try explainer.attribute(image, targets: [1], method: .gradient).maps[0].values
        let smooth = try explainer.attribute(image, targets: [1], method: .smoothGrad).maps[0].values
        #expect(zip(plain, smooth).allSatisfy { abs($0 - $1) <= 1e-5 * (abs($0) + 1e-3) })
        #expect(noisy != plain)
    }
}
