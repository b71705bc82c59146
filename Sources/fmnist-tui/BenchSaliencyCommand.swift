// `fmnist-tui bench-saliency`: what the dashboard's saliency worker spends on a request, method by method:
// the maps of the predicted and the true class of misclassified test images and the sanity check, on one thread.
import ArgumentParser
import FashionMNIST
import Foundation
import Insight
import NeuralNet
import Training

struct BenchSaliencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-saliency",
        abstract: "Time the misclassified view's saliency maps, method by method, as the dashboard's worker computes them.",
        discussion: """
            Does what the dashboard's saliency worker does for a request, on one thread as it does: the \
            maps for the predicted and the true class of a misclassified image (the first --images test \
            images the weights get wrong), which it shows at once, then the sanity check (the map of \
            the first class on the fully re-initialised copy of the net). Prints each method's median and \
            largest time for the maps and for the sanity check (Integrated Gradients twice: its first \
            map, of the first steps, which the dashboard shows while it refines, and the refined one), \
            and the costs of new weights: reading the weights file, taking them over in memory (what the \
            trainer hands over at the end of an epoch), and making the random copy (once per model).
            """)

    @OptionGroup var weights: WeightsOptions
    @Option(help: "Misclassified test images to time each method on.") var images = 10
    @Option(help: "Normalise inputs as the improved recipe: true or false (default: the run's config.json beside the weights, else false).")
    var normalize: Bool?
    @OptionGroup var data: DataOptions
    @Flag(help: "Print one JSON object.") var json = false

    /// The test images the dashboard's browser lists during training (its preview).
    static let previewImages = 1_000

    func validate() throws {
        if images < 1 { throw ValidationError("--images \(images): must be at least 1") }
    }

    func run() throws {
        var loaded: Network?
        let read = try Self.timed { loaded = try weights.loadNetwork() }
        let network = loaded!
        let handedOver = Self.timed { Network(network.kind).store.restore(network.store.snapshot()) }
        var cascade = [(layer: String, network: Network)]()
        let randomized = Self.timed { cascade = SaliencySanity.randomizedCascade(of: network, seed: 1, fullOnly: true) }
        let normalized = normalize ?? ExplainCommand.runNormalizesInputs(weightsFile: weights.url)
        let model = AttributionModel(network: network,
                                     inputMean: normalized ? BatchAssembler.trainMean : 0,
                                     inputStandardDeviation: normalized ? BatchAssembler.trainStandardDeviation : 1,
                                     pool: ComputePool(width: 1))
        let explainer = AttributionExplainer(model: model)
        let test = try data.load().test
        let wrong = misclassified(test, model: model)
        guard !wrong.isEmpty else {
            throw UserFacingError(description: "the weights classify the first \(Self.previewImages) test images right: nothing to explain")
        }
        // Integrated Gradients' first map is what the worker delivers before refining: the first steps, unrefined.
        var firstSteps = explainer
        firstSteps.settings.completenessTolerance = nil
        let runs = AttributionMethod.available(for: network.kind).flatMap { method in
            method == .integratedGradients ? [(method.rawValue + ", first map", method, firstSteps), (method.rawValue, method, explainer)]
                : [(method.rawValue, method, explainer)]
        }
        var rows = [MethodTimes]()
        for (name, method, explainer) in runs {
            var times = MethodTimes(name: name)
            for (index, predicted) in wrong {
                let image = test.image(index).map { Float($0) / 255 }
                // The worker's computation (SaliencyWorker.compute), the weights already at hand: the maps, which
                // it shows at once, then the sanity check's map on the re-initialised copy.
                var attribution: Attribution?
                times.maps.append(Self.timed {
                    attribution = try? explainer.attribute(image, targets: [predicted, Int(test.labels[index])], method: method)
                })
                guard let attribution else { continue }
                times.sanity.append(Self.timed {
                    _ = SaliencySanity.check(attribution, image: image, explainer: explainer, cascade: cascade)
                })
                times.steps.append(attribution.maps.compactMap(\.completeness?.steps).max() ?? 0)
            }
            rows.append(times)
        }
        report(rows, images: wrong.map(\.index), kind: network.kind, once: [
            ("read_weights_file", "read the weights file", read),
            ("hand_over_weights", "take the weights over in memory", handedOver),
            ("make_random_copy", "make the re-initialised copy (once per model)", randomized),
        ])
    }

    /// Wall and CPU time of `work`, which runs on this thread alone (the pool has no other).
    private static func timed(_ work: () throws -> Void) rethrows -> Timing {
        try Timing.of(cpuClock: CLOCK_THREAD_CPUTIME_ID, work)
    }

    /// The first `images` of the preview's test images the weights get wrong, with the predicted class.
    private func misclassified(_ test: LabeledImages, model: AttributionModel) -> [(index: Int, predicted: Int)] {
        let count = min(Self.previewImages, test.count)
        let pixels = (0..<count).flatMap { test.image($0).map { Float($0) / 255 } }
        let logits = model.logits(pixels)
        let wrong = (0..<count).compactMap { index -> (index: Int, predicted: Int)? in
            let row = logits[index * 10..<(index + 1) * 10]
            let predicted = row.indices.max { row[$0] < row[$1] }! - index * 10
            return predicted == Int(test.labels[index]) ? nil : (index, predicted)
        }
        return Array(wrong.prefix(images))
    }

    private struct MethodTimes {
        let name: String
        /// Per image: the maps of both classes.
        var maps = [Timing]()
        /// Per image: the sanity check after them.
        var sanity = [Timing]()
        /// Integrated Gradients: the steps the maps took (0 for the other methods).
        var steps = [Int]()
    }

    /// - once: the costs of a new epoch's weights (key, label, time).
    private func report(_ rows: [MethodTimes], images: [Int], kind: ModelKind, once: [(key: String, label: String, timing: Timing)]) {
        if json {
            let fields: [String: Any] = [
                "model": kind.rawValue, "images": images, "cpu": CPUInfo.modelName, "blas_kernels": Gemm.blasKernels,
                "once": Dictionary(uniqueKeysWithValues: once.map {
                    ($0.key, ["wall_ms": $0.timing.wall * 1e3, "cpu_ms": $0.timing.cpu * 1e3])
                }),
                "methods": rows.map { row -> [String: Any] in
                    ["method": row.name, "maps_wall_ms": row.maps.map { $0.wall * 1e3 }, "maps_cpu_ms": row.maps.map { $0.cpu * 1e3 },
                     "sanity_cpu_ms": row.sanity.map { $0.cpu * 1e3 }, "steps": row.steps]
                },
            ]
            guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("\(kind.displayName), test images \(images.map(String.init).joined(separator: " ")) (misclassified), one thread, "
            + "CPU time of that thread; "
            + "CPU \(CPUInfo.modelName), \(CPUInfo.blasKernelsDescription)")
        print("per request, median / largest: the maps of the predicted and the true class, then the sanity check (CPU)")
        for row in rows {
            let steps = row.steps.contains { $0 > 0 } ? "  IG steps " + row.steps.map(String.init).joined(separator: " ") : ""
            let (wall, cpu, sanity) = (row.maps.map(\.wall), row.maps.map(\.cpu), row.sanity.map(\.cpu))
            print("  " + row.name.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "maps: wall %6.1f / %6.1f ms, CPU %6.1f / %6.1f ms   sanity: CPU %5.1f / %5.1f ms",
                         wall.upperMedian * 1e3, (wall.max() ?? 0) * 1e3, cpu.upperMedian * 1e3,
                         (cpu.max() ?? 0) * 1e3, sanity.upperMedian * 1e3, (sanity.max() ?? 0) * 1e3) + steps)
        }
        print("new weights:")
        for (_, label, timing) in once {
            print("  " + label.padding(toLength: 48, withPad: " ", startingAt: 0)
                + String(format: "wall %6.1f ms   CPU %6.1f ms", timing.wall * 1e3, timing.cpu * 1e3))
        }
    }
}
