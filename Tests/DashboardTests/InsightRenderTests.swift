// The projector, layer-health and filters screens drawn at 80×24 and 200×60 from hand-made projections,
// health samples and feature maps, compared as text grids; and the keys that drive them.
import FashionMNIST
import Foundation
import NeuralNet
import TerminalUI
import Testing
@testable import Dashboard
@testable import Insight
@testable import Training

@Suite("Insight screens")
struct InsightRenderTests {
    /// Twelve points in 3-D: classes 0–9 in a ring, two more near classes 0 and 1 (test images 10, 11).
    static func projection() -> Projection {
        var activations = [Float]()
        for index in 0..<12 {
            let nudge: Double = index >= 10 ? 0.15 : 0
            let angle: Double = Double(index % 10) / 10 * 2 * Double.pi + nudge
            let depth: Float = Float(index % 3) * 0.1
            activations += [Float(3 * cos(angle)), Float(2 * sin(angle)), depth]
        }
        return Projection.pca(activations, dimension: 3, labels: (0..<12).map { $0 % 10 }, testIndices: Array(0..<12))!
    }

    static let fcnnNames = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "out.weight", "out.bias"]

    /// Samples every 4 steps: the weights' update ratio falls from 3e-2 to 3e-4, the gradient norm from 2 to 0.5.
    static func healthSamples(steps: [Int]) -> [LayerHealthSample] {
        steps.map { step in
            let progress = Double(step - 1) / 200
            let ratio: Double = 3e-2 * pow(0.01, progress)
            let gradient: Double = 2 - 1.5 * progress
            let parameters = fcnnNames.enumerated().map { index, name in
                let biasFactor: Double = index % 2 == 0 ? 1 : 3
                return ParameterNorms(name: name, weight: 10, update: 10 * ratio * biasFactor, gradient: gradient / Double(index + 1))
            }
            return LayerHealthSample(step: step, loss: step == 1 ? 2.35 : 1, parameters: parameters)
        }
    }

    static func healthProgress(_ steps: [Int]) -> DashboardInput {
        .training(slot: 0, .progress(BatchProgress(model: .fcnn, epoch: 1, batch: 50, batchesPerEpoch: 100, runningLoss: 0.6,
                                                   imagesPerSecond: 1840, healthSamples: healthSamples(steps: steps))))
    }

    static func healthEpoch() -> DashboardInput {
        var report = EpochReport(model: .fcnn, metrics: Fixtures.metrics(1, train: 0.62, valid: 0.48, accuracy: 0.83),
                                 validation: Fixtures.evaluation(loss: 0.48), isBest: true, bestEpoch: 1, bestValidLoss: 0.48,
                                 testPreview: Fixtures.preview)
        report.layerHealth = LayerHealthEpoch(deadUnits: [DeadUnits(layer: "fc1_relu", units: 512, dead: 61, images: 480),
                                                          DeadUnits(layer: "fc2_relu", units: 256, dead: 3, images: 480)],
                                              samplingCPUSeconds: 0.05, epochCPUSeconds: 10)
        return .training(slot: 0, .epochFinished(report))
    }

    /// conv1's 16 kernels (a ramp of weights), and maps whose brightness grows to the right.
    static func filterMaps() -> FilterMaps {
        let kernels: [Float] = (0..<16 * 9).map { (index: Int) -> Float in
            let position = Float(index % 9 - 4), kernel = Float(index / 9 + 1)
            return position * kernel / 16
        }
        func layer(_ name: String, channels: Int, side: Int) -> FilterMaps.Layer {
            FilterMaps.Layer(name: name, channels: channels, side: side,
                             values: (0..<channels * side * side).map { (index: Int) -> Float in
                                 let column = index % side, channel = index / (side * side)
                                 return Float(column * (channel + 1))
                             })
        }
        return FilterMaps(testIndex: 3, kernels: kernels, kernelCount: 16, kernelSide: 3,
                          layers: [layer("conv1", channels: 16, side: 28), layer("conv2", channels: 32, side: 14)])
    }

    /// Mid-training (FCNN selected), with a projection of each model, FCNN health, CNN filters.
    static func state(size: Size) -> DashboardState {
        var state = Fixtures.reduced(Fixtures.midTraining + [
            healthProgress(Array(stride(from: 1, through: 201, by: 4))), healthEpoch(),
            .insight(slot: 0, .projected(projection(), epoch: 2, seconds: 0.25)),
            .insight(slot: 1, .projected(projection(), epoch: 1, seconds: 0.5)),
            .insight(slot: 1, .featureMaps(filterMaps(), epoch: 1)),
        ], from: Fixtures.state(size: size))
        // The weights the trainers shared (the worker is not part of these tests).
        for (slot, epoch) in [(0, 2), (1, 1)] {
            state.models[slot].projector.weights = Network(state.models[slot].model).store.snapshot()
            state.models[slot].projector.weightsEpoch = epoch
        }
        state.models[1].projector.filtersEpoch = 1
        state.models[0].health.epochCPUSeconds[2] = 12.5   // the trainer thread's CPU time of epoch 2
        return state
    }

    static func screen(_ key: Character, size: Size, model: Int = 0) -> [String] {
        var state = Self.state(size: size)
        state.selected = model
        _ = reduce(&state, .key(.character(key)))
        return trimmedRows(frame(state))
    }

    static func dump(_ name: String, _ rows: [String]) {
        try? rows.joined(separator: "\n").write(toFile: "/tmp/insight-\(name).txt", atomically: true, encoding: .utf8)
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
    func projectorShowsTheScatterLegendAndSelection(size: Size) {
        let rows = Self.screen("e", size: size)
        Self.dump("projector-\(size.width)", rows)
        let title = size.width >= 120 ? "┌ Embedding · FCNN · PCA · epoch 2 · 12 test images" : "┌ Embedding · FCNN · PCA · epoch 2 ─"
        #expect(rows[2].hasPrefix(title))
        #expect(rows[2].contains(size.width >= 120 ? "variance explained PC1" : "of variance"))
        for (label, name) in FashionMNIST.classNames.enumerated() {
            #expect(rows[3 + label].contains("■ \(name)"), "\(name)")
        }
        #expect(rows.joined().unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        #expect(rows[size.height - 3].contains("arrows cursor  s t-SNE / PCA  Esc back   PCA: 0.25 s CPU, 2.00 % of the epoch"))
        #expect(rows.allSatisfy { $0.count <= size.width })
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
    func layerHealthShowsEveryTensorDeadUnitsAndTheInitialLoss(size: Size) {
        let rows = Self.screen("h", size: size)
        Self.dump("health-\(size.width)", rows)
        #expect(rows[2].hasPrefix("┌ Layer health · FCNN"))
        #expect(rows[3].contains("tensor") && rows[3].contains("gradient norm"))
        for (offset, name) in Self.fcnnNames.enumerated() { #expect(rows[4 + offset].hasPrefix("│\(name)"), "\(rows[4 + offset])") }
        #expect(rows.contains { $0.contains("fc1_relu") && $0.contains("dead  11.9 %  61 of 512 units, 480 images") })
        #expect(rows.contains { $0.contains("loss at initialisation 2.350 (first batch) vs ln 10 = 2.303 ✓") })
        #expect(rows.allSatisfy { $0.count <= size.width })
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
    func filtersShowKernelsAndFeatureMaps(size: Size) {
        let rows = Self.screen("f", size: size, model: 1)
        Self.dump("filters-\(size.width)", rows)
        #expect(rows[2].hasPrefix("┌ Filters · CNN · epoch 1 · test image #3 Dress"))
        #expect(rows.contains { $0.contains("conv1 kernels 3×3") })
        #expect(rows.contains { $0.contains("conv1 feature maps after ReLU: 16 of 28×28") })
        #expect(rows.contains { $0.contains("conv2 feature maps after ReLU: 32 of 14×14") })
        #expect(rows.allSatisfy { $0.count <= size.width })
    }

    /// Without UTF-8 (LANG=C) each screen is drawn in ASCII.
    @Test(arguments: ["e", "h", "f"])
    func screensAreASCIIWithoutUnicode(key: String) {
        var state = Self.state(size: Size(width: 200, height: 60))
        state.selected = key == "f" ? 1 : 0
        _ = reduce(&state, .key(.character(Character(key))))
        let rows = trimmedRows(frame(state, capabilities: .basic))
        let offending = rows.filter { !$0.unicodeScalars.allSatisfy(\.isASCII) }
        #expect(offending.isEmpty, "\(offending)")
        #expect(rows[2].contains(key == "e" ? "Embedding" : key == "h" ? "Layer health" : "Filters"))
    }

    /// The FCNN has no convolutions: the filters screen says so.
    @Test func filtersOfTheFCNNExplainWhyNone() {
        let rows = Self.screen("f", size: Size(width: 80, height: 24))
        #expect(rows[3].contains("The FCNN has no convolutions"))
    }

    /// The cursor picks the nearest point; ←/→ on the filters screen step through the sample and ask the
    /// worker for that image's maps once; `s` asks for t-SNE once and shows its progress.
    @Test func keysMoveTheCursorStepTheSampleAndStartTSNE() throws {
        var state = Self.state(size: Size(width: 80, height: 24))
        _ = reduce(&state, .key(.character("e")))
        let picture = try #require(state.shownPicture)
        let pictureFrame = ProjectionFrame(picture.projection)
        for _ in 0..<40 { _ = reduce(&state, .key(.right)) }
        #expect(state.projectorView.cursorX == 1)
        let selected = try #require(state.projectorView.selected)
        #expect(pictureFrame.normalized(picture.projection.point(selected)).x > 0.8)

        #expect(reduce(&state, .key(.character("s"))) == [.insight(.tsne(slot: 0))])
        #expect(state.projectorView.method == .tsne && state.models[0].projector.tsneProgress == 0)
        _ = reduce(&state, .insight(slot: 0, .tsneProgress(iterations: 340, epoch: 2)))
        #expect(trimmedRows(frame(state)).contains { $0.contains("t-SNE of epoch 2 340/1,000") })
        #expect(reduce(&state, .key(.character("s"))).isEmpty)   // back to PCA; the t-SNE runs on
        #expect(reduce(&state, .key(.character("s"))).isEmpty)   // not asked twice

        state.selected = 1
        state.projectorView.selected = 3
        #expect(reduce(&state, .key(.character("f"))).isEmpty)   // the maps of the selected image are there
        let effects = reduce(&state, .key(.right))
        let next = try #require(state.selectedTestIndex)
        #expect(effects == [.insight(.featureMaps(slot: 1, testIndex: next))])
        #expect(reduce(&state, .tick(now: 1)).isEmpty && reduce(&state, .key(.character("x"))).isEmpty)
    }
}
