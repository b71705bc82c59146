// `fmnist-tui explain`: the attribution map of one test image for one class, with the logits, IG's
// completeness error and the sanity check's ρ, as text or JSON.
import ArgumentParser
import FashionMNIST
import Foundation
import Insight
import NeuralNet
import Training

extension AttributionMethod: ExpressibleByArgument {}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Attribution map of one test image: which pixels made a class's logit (saliency).",
        discussion: """
            Prints the 28×28 map (signed values; the dashboard shows |value| unless asked for the sign), \
            the image's logits and, for integrated-gradients, the completeness error \
            |Σ map − (y_c(x) − y_c(x′))|. The sanity line is the Spearman ρ between |map| and the map of \
            a copy of the net with every layer re-initialised (Adebayo et al. 2018): near 0, the map \
            depends on what the net learned. grad-cam is the CNN's; the FCNN has weight-templates instead. \
            Inputs are normalised as the run trained them when the weights lie in a run folder \
            (its config.json), else with --normalize.
            """)

    @OptionGroup var weights: WeightsOptions
    @Option(help: "Index of the test image, 0 … 9999.") var image: Int
    @Option(help: ArgumentHelp("Attribution method.", valueName: AttributionMethod.allCases.map(\.rawValue).joined(separator: "|")))
    var method: AttributionMethod
    @Option(help: "Class whose logit is explained, 0 … 9 (default: the predicted class).") var targetClass: Int?
    @Option(help: "Normalise inputs as the improved recipe: true or false (default: the run's config.json beside the weights, else false).")
    var normalize: Bool?
    @Option(help: "Integrated Gradients: gradient evaluations along the path to start with.") var steps = 50
    @Option(help: "Integrated Gradients: midpoint or gauss-legendre (Captum's default).") var quadrature = "midpoint"
    @Option(help: ArgumentHelp("Integrated Gradients: triple the steps (up to --max-steps) while the completeness error is above this share of |y_c(x) - y_c(x')|; 0: exactly --steps.", valueName: "fraction"))
    var completenessTolerance: Float = 0.01
    @Option(help: "Integrated Gradients: the most steps refining may reach.") var maxSteps = 1350
    @Option(help: "Compute threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @OptionGroup var data: DataOptions
    @Flag(help: "Print one JSON object only.") var json = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
        guard maxSteps >= steps else { throw ValidationError("--max-steps must be at least --steps (\(steps)), got \(maxSteps)") }
        guard completenessTolerance >= 0, completenessTolerance.isFinite else {
            throw ValidationError("--completeness-tolerance must be 0 or more (0.01 is 1 %), got \(completenessTolerance)")
        }
        guard AttributionQuadrature(rawValue: quadrature) != nil else {
            throw ValidationError("--quadrature must be gauss-legendre or midpoint, got \(quadrature)")
        }
        guard image >= 0 else { throw ValidationError("--image must be 0 or more, got \(image)") }
        if let targetClass, !(0..<10).contains(targetClass) {
            throw ValidationError("--target-class must be 0 … 9 (\(FashionMNIST.classNames.joined(separator: ", "))), got \(targetClass)")
        }
    }

    func run() throws {
        let network = try weights.loadNetwork()
        guard method.isAvailable(for: network.kind) else {
            throw ValidationError(AttributionError.methodNotOffered(method, network.kind).description)
        }
        let test = try data.load().test
        guard image < test.count else {
            throw ValidationError("--image must be 0 … \(test.count - 1) (the test set has \(test.count) images), got \(image)")
        }
        let normalized = normalize ?? Self.runNormalizesInputs(weightsFile: weights.url)
        let model = AttributionModel(network: network,
                                     inputMean: normalized ? BatchAssembler.trainMean : 0,
                                     inputStandardDeviation: normalized ? BatchAssembler.trainStandardDeviation : 1,
                                     pool: ComputePool(width: threads))
        var explainer = AttributionExplainer(model: model)
        explainer.settings.integratedGradientsSteps = steps
        explainer.settings.quadrature = AttributionQuadrature(rawValue: quadrature)!
        explainer.settings.completenessTolerance = completenessTolerance > 0 ? completenessTolerance : nil
        explainer.settings.maximumIntegratedGradientsSteps = maxSteps
        let pixels = test.image(image).map { Float($0) / 255 }
        let logits = model.logits(pixels)
        let target = targetClass ?? logits.indices.max { logits[$0] < logits[$1] }!
        let started = Date()
        let attribution = try explainer.attribute(pixels, targets: [target], method: method)
        let seconds = Date().timeIntervalSince(started)
        let sanity = SaliencySanity.check(attribution, image: pixels, explainer: explainer, fullOnly: false)
        let report = ExplainReport(weights: weights.weights, model: network.kind, image: image, trueClass: Int(test.labels[image]),
                                   attribution: attribution, sanity: sanity, seconds: seconds)
        if json {
            print(try report.json())
        } else {
            for line in report.textLines() { print(line) }
        }
    }

    /// The run's normalisation when the weights file sits in a run folder, else false.
    static func runNormalizesInputs(weightsFile: URL) -> Bool {
        let folder = weightsFile.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("config.json").path),
              let record = try? RunRecord(folder: folder) else { return false }
        return record.configurationFields["normalize_inputs"] == "true"
    }
}

/// What `explain` prints.
struct ExplainReport {
    let weights: String
    let model: ModelKind
    let image: Int
    let trueClass: Int
    let attribution: Attribution
    let sanity: SaliencySanity
    /// Time the map took (the sanity check not included).
    let seconds: Double

    private var map: AttributionMap { attribution.maps[0] }

    func textLines() -> [String] {
        let names = FashionMNIST.classNames
        var lines = [
            "\(weights): \(model.displayName), test image #\(image), true \(names[trueClass]), predicted \(names[attribution.predictedClass])",
            "method \(attribution.method.rawValue), class \(map.targetClass) (\(names[map.targetClass])), "
                + String(format: "%.1f ms", seconds * 1000),
            "logits " + attribution.logits.map { String(format: "%.4f", $0) }.joined(separator: " "),
        ]
        if let completeness = map.completeness {
            lines.append(String(format: "completeness: sum %.5f, y_c(x) - y_c(x') %.5f, error %.5f (%.3f %%) at %d steps",
                                completeness.attributionSum, completeness.logitDifference, completeness.absoluteError,
                                completeness.relativeError * 100, completeness.steps))
        }
        lines.append("sanity: Spearman rho of |map| vs layers re-initialised top-down: "
            + sanity.stages.map { "\($0.layer) " + String(format: "%.3f", $0.rho) }.joined(separator: ", ")
            + (sanity.passes ? " (passes)" : " (fails: the map barely depends on the weights)"))
        lines.append("map (28 rows of 28):")
        for row in 0..<28 {
            lines.append(map.values[row * 28..<(row + 1) * 28].map { String(format: "% .3e", $0) }.joined(separator: " "))
        }
        return lines
    }

    func json() throws -> String {
        var object: [String: Any] = [
            "weights": weights, "model": model.rawValue, "image": image, "true_class": trueClass,
            "predicted_class": attribution.predictedClass, "target_class": map.targetClass,
            "method": attribution.method.rawValue, "logits": attribution.logits.map(Double.init),
            "map": (0..<28).map { row in map.values[row * 28..<(row + 1) * 28].map(Double.init) },
            "seconds": seconds,
            "sanity": sanity.stages.map { ["layer": $0.layer, "rho": $0.rho] as [String: Any] },
        ]
        object["completeness"] = map.completeness.map {
            ["attribution_sum": Double($0.attributionSum), "logit_difference": Double($0.logitDifference),
             "absolute_error": Double($0.absoluteError), "relative_error": Double($0.relativeError), "steps": $0.steps] as [String: Any]
        } ?? NSNull()
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
