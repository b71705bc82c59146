// SaliencyWorkerTests: the saliency worker takes an epoch's weights over in memory (no file read for that
// epoch's maps), and shows Integrated Gradients' maps before refining them; the reducer hands it the weights.
import FashionMNIST
import Foundation
import Insight
import NeuralNet
import Synchronization
import Testing
@testable import Dashboard
@testable import Training

@Suite struct SaliencyWorkerTests {
    /// Every result `worker` delivers for `request`, once it has finished.
    static func results(_ worker: SaliencyWorker, _ request: SaliencyRequest) async -> [SaliencyResult] {
        let delivered = Mutex<[SaliencyResult]>([])
        worker.submit(request) { result in delivered.withLock { $0.append(result) } }
        await worker.finish()
        return delivered.withLock { $0 }
    }

    static func request(file: URL, stamp: String, model: ModelKind = .fcnn, testIndex: Int = 4, targets: [Int] = [5, 4],
                        method: AttributionMethod = .gradient) -> SaliencyRequest {
        SaliencyRequest(slot: 0, model: model, testIndex: testIndex, targets: targets, method: method, weightsFile: file,
                        predictionsStamp: stamp, normalizesInputs: false)
    }

    /// Weights handed over for "epoch 3" serve that epoch's requests though no file exists, and give the maps
    /// of those weights (first alone, then with the sanity check's ρ); a request of another epoch reads the file,
    /// and says it is missing.
    @Test func handedOverWeightsServeTheirEpochWithoutTheFile() async throws {
        let network = Network(.fcnn)
        var rng = SplitMix64(seed: 3)
        network.initialize(rng: &rng)
        let missing = URL(fileURLWithPath: "/nonexistent-run/last.safetensors")
        let worker = SaliencyWorker(testImages: Fixtures.testImages)
        worker.prepare(SaliencyWeights(model: .fcnn, file: missing, stamp: "epoch 3", snapshot: network.store.snapshot()))
        let served = await Self.results(worker, Self.request(file: missing, stamp: "epoch 3"))
        let maps = try served.map { try $0.outcome.get() }
        let image = Fixtures.testImages.image(4).map { Float($0) / 255 }
        let expected = try AttributionExplainer(model: AttributionModel(network: network, pool: ComputePool(width: 1)))
            .attribute(image, targets: [5, 4], method: .gradient)
        #expect(maps.map(\.attribution) == [expected, expected] && maps.allSatisfy { !$0.isRefining })
        #expect(maps.map { $0.sanity == nil } == [true, false])
        #expect(maps.allSatisfy { ($0.cpuSeconds ?? -1) >= 0 })
        let unread = await Self.results(worker, Self.request(file: missing, stamp: "epoch 4"))
        guard case .failure(let failure)? = unread.first?.outcome else {
            Issue.record("epoch 4's weights are not in memory and their file is missing: \(unread)")
            return
        }
        #expect(failure.description.hasPrefix("last.safetensors: "))
    }

    /// FCNN test image 1 needs 450 steps for its true class (README): the worker delivers the 50-step maps (alone,
    /// then with the sanity check's ρ), then the 150-step ones, all marked refining, then the refined maps, which
    /// are the explainer's.
    @Test func integratedGradientsAreDeliveredBeforeTheirRefinement() async throws {
        let testImages = try FashionMNIST.load(from: FashionMNIST.defaultDirectory).test
        let seedFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/seed-weights/FNet_model.pth")
        let truth = Int(testImages.labels[1])
        let worker = SaliencyWorker(testImages: testImages)
        let delivered = await Self.results(worker, Self.request(file: seedFile, stamp: "best 1", testIndex: 1, targets: [truth],
                                                                method: .integratedGradients))
        let maps = try delivered.map { try $0.outcome.get() }
        #expect(maps.map(\.isRefining) == [true, true, true, false])
        #expect(maps.map { $0.attribution.maps[0].completeness?.steps } == [50, 50, 150, 450])
        let network = Network(.fcnn)
        try Checkpoint.load(Checkpoint.read(seedFile), into: network, file: seedFile.path)
        let expected = try AttributionExplainer(model: AttributionModel(network: network, pool: ComputePool(width: 1)))
            .attribute(testImages.image(1).map { Float($0) / 255 }, targets: [truth], method: .integratedGradients)
        #expect(maps.last?.attribution == expected)
        #expect(maps.map { $0.sanity?.stages.count } == [nil, 1, 1, 1])
    }

    /// A request overtaken by a newer one of its slot (the next image's key while IG's first maps are shown) goes
    /// no further: neither its sanity check nor its refinement is computed, and the newest request's maps and ρ
    /// are delivered.
    @Test func aStaleRequestIsAbandonedForTheNewest() async throws {
        let testImages = try FashionMNIST.load(from: FashionMNIST.defaultDirectory).test
        let seedFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/seed-weights/FNet_model.pth")
        let worker = SaliencyWorker(testImages: testImages)
        // FCNN image 1's true class needs 450 steps (README): unless abandoned, refining maps and ρ follow.
        let stale = Self.request(file: seedFile, stamp: "best 1", testIndex: 1, targets: [Int(testImages.labels[1])],
                                 method: .integratedGradients)
        let newest = Self.request(file: seedFile, stamp: "best 1", testIndex: 4)
        let delivered = Mutex<[SaliencyResult]>([])
        worker.submit(stale) { result in
            let isFirst = delivered.withLock { $0.append(result); return $0.count == 1 }
            if isFirst { worker.submit(newest) { result in delivered.withLock { $0.append(result) } } }
        }
        await worker.finish()   // the stale request's turn, during which the newest was submitted
        await worker.finish()   // the newest's
        let results = delivered.withLock { $0 }
        let staleMaps = try results.filter { $0.request == stale }.map { try $0.outcome.get() }
        let newestMaps = try results.filter { $0.request == newest }.map { try $0.outcome.get() }
        #expect(staleMaps.map(\.isRefining) == [true] && staleMaps.map { $0.sanity == nil } == [true])
        #expect(newestMaps.map { $0.sanity == nil } == [true, false] && newestMaps.allSatisfy { !$0.isRefining })
    }

    /// An epoch that ends with weights asks the worker to take them over: the epoch's predictions, its stamp, the
    /// run's last.safetensors and the weights themselves; the end of training asks it to read best.safetensors.
    @Test func theReducerHandsTheEpochsWeightsOver() {
        var state = ReducerKeyTests.training()
        let network = Network(.fcnn)
        var report = EpochReport(model: .fcnn, metrics: Fixtures.metrics(3, train: 0.4, valid: 0.39, accuracy: 0.86),
                                 validation: Fixtures.evaluation(loss: 0.39), isBest: true, bestEpoch: 3, bestValidLoss: 0.39,
                                 testPreview: Fixtures.preview)
        report.weights = network.store.snapshot()
        #expect(reduce(&state, .training(slot: 0, .epochFinished(report))).contains(.prepareSaliency(slot: 0)))
        let weights = state.saliencyWeights(slot: 0)
        #expect(weights?.stamp == "epoch 3" && weights?.file.path == "/runs/20250412-153012-fcnn/last.safetensors")
        #expect(weights?.snapshot == report.weights)
        #expect(reduce(&state, .training(slot: 0, Fixtures.finished(.fcnn, bestEpoch: 3))).contains(.prepareSaliency(slot: 0)))
        let best = state.saliencyWeights(slot: 0)
        #expect(best?.stamp == "best 3" && best?.file.path == "/runs/20250412-153012-fcnn/best.safetensors" && best?.snapshot == nil)
    }
}
