// AttributionExplainer: the attribution methods for one image and several target classes at once, each
// method one or two batched passes (all IG steps, SmoothGrad samples or occluded copies in one batch).
import Foundation
import NeuralNet

public enum AttributionError: Error, CustomStringConvertible, Equatable {
    case methodNotOffered(AttributionMethod, ModelKind)

    public var description: String {
        switch self {
        case .methodNotOffered(let method, let model):
            let offered = AttributionMethod.available(for: model).map(\.rawValue).joined(separator: ", ")
            return "--method \(method.rawValue) is not offered for the \(model.displayName); use one of: \(offered)"
        }
    }
}

public struct AttributionExplainer {
    /// Grad-CAM's layer: conv2 after its ReLU, before pooling (N, 32, 14, 14).
    static let gradCAMPoint = "conv2_relu"
    static let gradCAMShape = (channels: 32, side: 14)
    /// The FCNN's first hidden layer after its ReLU (N, 512), whose units' weight templates are weighed.
    static let templatePoint = "fc1_relu"

    public let model: AttributionModel
    public var settings: AttributionSettings

    public init(model: AttributionModel, settings: AttributionSettings = AttributionSettings()) {
        self.model = model
        self.settings = settings
    }

    /// - image: 784 pixels in 0 … 1; targets: the classes to explain (e.g. predicted and true).
    /// - beforeRefining: Integrated Gradients only: called with the maps so far each time some are about to be
    ///   refined (their completeness error above the tolerance), e.g. to show them meanwhile; returning false
    ///   stops there and returns those maps.
    /// - isAbandoned: Integrated Gradients only: asked before each pass of a refinement (up to 15 passes of
    ///   `AttributionModel.largestBatch` images); true stops there and returns the maps of the steps done before
    ///   it, e.g. when nobody wants the maps any more.
    public func attribute(_ image: [Float], targets: [Int], method: AttributionMethod,
                          beforeRefining: (Attribution) -> Bool = { _ in true },
                          isAbandoned: () -> Bool = { false }) throws(AttributionError) -> Attribution {
        precondition(image.count == AttributionModel.pixels, "an image is 784 pixels")
        guard method.isAvailable(for: model.network.kind) else { throw .methodNotOffered(method, model.network.kind) }
        let logits = model.logits(image)
        let maps: [AttributionMap]
        switch method {
        case .gradient: maps = gradient(image, targets: targets, timesInput: false)
        case .gradientTimesInput: maps = gradient(image, targets: targets, timesInput: true)
        case .integratedGradients:
            maps = integratedGradients(image, targets: targets, logits: logits, isAbandoned: isAbandoned) { maps in
                beforeRefining(Attribution(method: method, logits: logits, maps: maps))
            }
        case .smoothGrad: maps = smoothGrad(image, targets: targets)
        case .occlusion: maps = occlusion(image, targets: targets, logits: logits)
        case .gradCAM: maps = gradCAM(image, targets: targets)
        case .weightTemplates: maps = weightTemplates(image, targets: targets)
        }
        return Attribution(method: method, logits: logits, maps: maps)
    }

    /// `copies` copies of `image` per target, targets outermost: the batch layout of IG and SmoothGrad.
    private static func repeated(_ targets: [Int], _ copies: Int) -> [Int] { targets.flatMap { Array(repeating: $0, count: copies) } }

    /// The mean (or with `weights` the weighted sum) over each target's block of `copies` rows of (N, 784) gradients.
    private static func blockMeans(_ gradients: [Float], blocks: Int, copies: Int, weights: [Double]? = nil) -> [[Float]] {
        let weights = weights ?? [Double](repeating: 1 / Double(copies), count: copies)
        return (0..<blocks).map { block in
            var sum = [Double](repeating: 0, count: AttributionModel.pixels)
            for copy in 0..<copies {
                let row = (block * copies + copy) * AttributionModel.pixels
                for pixel in sum.indices { sum[pixel] += weights[copy] * Double(gradients[row + pixel]) }
            }
            return sum.map { Float($0) }
        }
    }

    func gradient(_ image: [Float], targets: [Int], timesInput: Bool) -> [AttributionMap] {
        let batch = Array([[Float]](repeating: image, count: targets.count).joined())
        let gradients = model.logitGradients(batch, targets: targets).gradients
        return targets.enumerated().map { row, target in
            let slice = gradients[row * AttributionModel.pixels..<(row + 1) * AttributionModel.pixels]
            let values = timesInput ? zip(slice, image).map { $0 * $1 } : Array(slice)
            return AttributionMap(targetClass: target, values: values, completeness: nil)
        }
    }

    /// (x − x′) · Σ_k w_k ∂y_c/∂x at x′ + α_k (x − x′), the quadrature's nodes α_k and weights w_k, all
    /// targets' steps in one batch. A target whose completeness error is above the tolerance is refined
    /// (3× the steps; midpoints keep the gradients already taken) until it is within it or at the most steps,
    /// unless `beforeRefining`, given the maps so far, says to stop, or `isAbandoned` does between a refinement's
    /// passes (then the maps are those of the steps before that refinement).
    func integratedGradients(_ image: [Float], targets: [Int], logits: [Float], isAbandoned: () -> Bool = { false },
                             beforeRefining: ([AttributionMap]) -> Bool = { _ in true }) -> [AttributionMap] {
        let baseline = AttributionBaseline.make(settings.baseline, image: image)
        let difference = zip(image, baseline).map { $0 - $1 }
        let baselineLogits = model.logits(baseline)
        var estimates = [[Float]](repeating: [], count: targets.count)
        var completeness = [Completeness?](repeating: nil, count: targets.count)
        var open = Array(targets.indices)
        var steps = settings.integratedGradientsSteps
        var nodes = settings.quadrature.nodes(steps)
        var keepsEarlier = false, isRefinement = false
        func maps() -> [AttributionMap] {
            targets.indices.map { index in
                AttributionMap(targetClass: targets[index], values: zip(estimates[index], difference).map { $0 * $1 },
                               completeness: completeness[index])
            }
        }
        while !open.isEmpty {
            // The first steps are always taken (one pass for two targets); a refinement may be abandoned.
            guard let sums = pathGradientSums(baseline: baseline, difference: difference, alphas: nodes.points,
                                              weights: nodes.weights, targets: open.map { targets[$0] },
                                              isAbandoned: { isRefinement && isAbandoned() }) else { break }
            for (row, index) in open.enumerated() {
                estimates[index] = keepsEarlier ? zip(estimates[index], sums[row]).map { $0 / 3 + $1 } : sums[row]
                let values = zip(estimates[index], difference).map { $0 * $1 }
                completeness[index] = Completeness(attributionSum: values.reduce(0, +),
                                                   logitDifference: logits[targets[index]] - baselineLogits[targets[index]],
                                                   steps: steps)
            }
            guard let tolerance = settings.completenessTolerance, steps * 3 <= settings.maximumIntegratedGradientsSteps else { break }
            open = open.filter { completeness[$0]!.relativeError > tolerance }
            guard open.isEmpty || beforeRefining(maps()) else { break }
            (nodes.points, nodes.weights, keepsEarlier) = settings.quadrature.refinement(of: steps)
            steps *= 3
            isRefinement = true
        }
        return maps()
    }

    /// Σ_k w_k ∂y_c/∂x at x′ + α_k (x − x′) for each target, one batch of targets × nodes images, taken in the
    /// model's passes; nil when `isAbandoned` says so before one of them.
    private func pathGradientSums(baseline: [Float], difference: [Float], alphas: [Double], weights: [Double],
                                  targets: [Int], isAbandoned: () -> Bool) -> [[Float]]? {
        var path = [Float]()
        path.reserveCapacity(alphas.count * AttributionModel.pixels)
        for alpha in alphas {
            path += zip(baseline, difference).map { $0 + Float(alpha) * $1 }
        }
        let batch = Array([[Float]](repeating: path, count: targets.count).joined())
        let imageTargets = Self.repeated(targets, alphas.count)
        var gradients = [Float]()
        gradients.reserveCapacity(batch.count)
        for pass in stride(from: 0, to: imageTargets.count, by: model.batchLimit) {
            guard !isAbandoned() else { return nil }
            let images = pass..<min(pass + model.batchLimit, imageTargets.count)
            gradients += model.logitGradients(Array(batch[images.lowerBound * AttributionModel.pixels..<images.upperBound * AttributionModel.pixels]),
                                              targets: Array(imageTargets[images])).gradients
        }
        return Self.blockMeans(gradients, blocks: targets.count, copies: alphas.count, weights: weights)
    }

    /// The mean gradient over `smoothGradSamples` copies with Gaussian noise (σ = smoothGradNoise × the
    /// pixel range 1), the same noise for every target.
    func smoothGrad(_ image: [Float], targets: [Int]) -> [AttributionMap] {
        let samples = settings.smoothGradSamples
        var rng = SplitMix64(seed: settings.noiseSeed)
        var noisy = [Float]()
        noisy.reserveCapacity(samples * AttributionModel.pixels)
        for _ in 0..<samples {
            noisy += image.map { $0 + settings.smoothGradNoise * Float(rng.nextNormal()) }
        }
        let batch = Array([[Float]](repeating: noisy, count: targets.count).joined())
        let gradients = model.logitGradients(batch, targets: Self.repeated(targets, samples)).gradients
        return Self.blockMeans(gradients, blocks: targets.count, copies: samples).enumerated().map {
            AttributionMap(targetClass: targets[$0], values: $1, completeness: nil)
        }
    }

    /// Each pixel: the mean drop y_c(x) − y_c(x with the patch grey) over the patches covering it
    /// (Captum's Occlusion). Patches at 0, stride, … up to side − patch: 13 × 13 for 4 and 2.
    func occlusion(_ image: [Float], targets: [Int], logits: [Float]) -> [AttributionMap] {
        let (patch, stride) = (settings.occlusionPatch, settings.occlusionStride)
        let origins = Array(Swift.stride(from: 0, through: 28 - patch, by: stride))
        var batch = [Float]()
        batch.reserveCapacity(origins.count * origins.count * AttributionModel.pixels)
        for top in origins {
            for left in origins {
                var occluded = image
                for y in top..<top + patch { for x in left..<left + patch { occluded[y * 28 + x] = settings.occlusionValue } }
                batch += occluded
            }
        }
        let occludedLogits = model.logits(batch)
        return targets.map { target in
            var drop = [Float](repeating: 0, count: AttributionModel.pixels), covered = drop
            for (index, (top, left)) in origins.flatMap({ top in origins.map { (top, $0) } }).enumerated() {
                let change = logits[target] - occludedLogits[index * AttributionModel.classes + target]
                for y in top..<top + patch {
                    for x in left..<left + patch {
                        drop[y * 28 + x] += change
                        covered[y * 28 + x] += 1
                    }
                }
            }
            return AttributionMap(targetClass: target, values: zip(drop, covered).map { $1 > 0 ? $0 / $1 : 0 }, completeness: nil)
        }
    }

    func gradCAM(_ image: [Float], targets: [Int]) -> [AttributionMap] {
        let batch = Array([[Float]](repeating: image, count: targets.count).joined())
        let (channels, side) = Self.gradCAMShape
        let result = model.pointGradients(batch, targets: targets, at: Self.gradCAMPoint)
        let size = channels * side * side
        return targets.enumerated().map { row, target in
            let weighted = GradCAM.weightedSum(activations: Array(result.activations[row * size..<(row + 1) * size]),
                                               gradients: Array(result.gradients[row * size..<(row + 1) * size]),
                                               channels: channels, side: side)
            return AttributionMap(targetClass: target, values: GradCAM.upsample(weighted.map { max($0, 0) }, from: side, to: 28),
                                  signedValues: GradCAM.upsample(weighted, from: side, to: 28))
        }
    }

    /// Σ_j c_j · W1_j / Σ_j c_j over the first hidden layer's units j, c_j = max(0, a_j · ∂y_c/∂a_j) the
    /// unit's (positive) contribution to y_c: Grad-CAM's idea with the units' weight templates as feature maps.
    func weightTemplates(_ image: [Float], targets: [Int]) -> [AttributionMap] {
        let batch = Array([[Float]](repeating: image, count: targets.count).joined())
        let result = model.pointGradients(batch, targets: targets, at: Self.templatePoint)
        let templates = model.network.store.read(model.network.store["fc1.weight"])   // (512, 784)
        let units = templates.count / AttributionModel.pixels
        return targets.enumerated().map { row, target in
            var map = [Float](repeating: 0, count: AttributionModel.pixels)
            var total: Float = 0
            for unit in 0..<units {
                let contribution = max(0, result.activations[row * units + unit] * result.gradients[row * units + unit])
                guard contribution > 0 else { continue }
                total += contribution
                for pixel in map.indices { map[pixel] += contribution * templates[unit * AttributionModel.pixels + pixel] }
            }
            // The templates act on (x − mean)/std: per pixel they weigh x by W/std.
            let scale = 1 / (max(total, 1e-12) * model.inputStandardDeviation)
            return AttributionMap(targetClass: target, values: map.map { $0 * scale }, completeness: nil)
        }
    }
}
