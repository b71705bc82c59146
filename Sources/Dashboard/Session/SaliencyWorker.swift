// SaliencyWorker: computes the misclassified view's saliency maps on a queue of its own, off the UI thread and
// the trainers' threads, from the weights the run folder saved; only each slot's newest request is computed.
import FashionMNIST
import Foundation
import Insight
import NeuralNet
import Training

final class SaliencyWorker: @unchecked Sendable {
    private let queue = DispatchQueue(label: "fmnist-tui.saliency", qos: .userInitiated)
    private let testImages: LabeledImages
    /// One thread: the trainers keep the cores they were given.
    private let pool = ComputePool(width: 1)
    private let lock = NSLock()
    /// The newest request of each slot (guarded by `lock`); older ones waiting in the queue are skipped.
    private var newest = [Int: SaliencyRequest]()
    /// The last weights read, by file, with the file's modification date (used on the queue only).
    private var loaded = [URL: (modified: Date, network: Network)]()
    /// The sanity check's fully re-initialised copy of each model (used on the queue only): it holds no
    /// trained weight, so it is made once instead of once a request.
    private var randomized = [ModelKind: [(layer: String, network: Network)]]()

    init(testImages: LabeledImages) {
        self.testImages = testImages
    }

    /// Computes `request` unless a newer one for its slot arrives first, then calls `deliver` from the queue.
    func submit(_ request: SaliencyRequest, deliver: @escaping @Sendable (SaliencyResult) -> Void) {
        locked { newest[request.slot] = request }
        let submitted = Date()
        queue.async { [self] in
            guard locked({ newest[request.slot] == request }) else { return }
            deliver(SaliencyResult(request: request, outcome: compute(request, since: submitted)))
        }
    }

    /// The session ends: waits for the request being computed (the queue is serial), which must not be inside
    /// OpenBLAS when the process exits.
    func finish() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async { done.resume() }
        }
    }

    private func locked<Value>(_ body: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private func compute(_ request: SaliencyRequest, since submitted: Date) -> Result<SaliencyMaps, SaliencyFailure> {
        let network: Network
        do {
            network = try self.network(request.weightsFile, model: request.model)
        } catch {
            return .failure(SaliencyFailure("\(request.weightsFile.lastPathComponent): \(error)"))
        }
        let model = AttributionModel(network: network,
                                     inputMean: request.normalizesInputs ? BatchAssembler.trainMean : 0,
                                     inputStandardDeviation: request.normalizesInputs ? BatchAssembler.trainStandardDeviation : 1,
                                     pool: pool)
        let explainer = AttributionExplainer(model: model)
        let image = testImages.image(request.testIndex).map { Float($0) / 255 }
        do {
            let attribution = try explainer.attribute(image, targets: request.targets, method: request.method)
            if randomized[request.model] == nil {
                randomized[request.model] = SaliencySanity.randomizedCascade(of: network, seed: 1, fullOnly: true)
            }
            let sanity = SaliencySanity.check(attribution, image: image, explainer: explainer, cascade: randomized[request.model]!)
            return .success(SaliencyMaps(attribution: attribution, sanity: sanity, seconds: Date().timeIntervalSince(submitted)))
        } catch {
            return .failure(SaliencyFailure(error.description))
        }
    }

    /// The file's weights, read again only when the file changed (a new epoch was saved).
    private func network(_ file: URL, model: ModelKind) throws -> Network {
        let modified = (try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date) ?? .distantPast
        if let cached = loaded[file], cached.modified == modified, cached.network.kind == model { return cached.network }
        let network = Network(model)
        try Checkpoint.load(Checkpoint.read(file), into: network, file: file.path)
        loaded[file] = (modified, network)
        return network
    }
}
