// SaliencyWorker: computes the misclassified view's saliency maps on a queue of its own, off the UI thread and
// the trainers' threads, from the weights the predictions came from; only each slot's newest request is computed.
// The weights an epoch ended with are handed over when it ends (`prepare`), so the first map of an epoch
// does not wait for the weights file to be read.
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
    /// The newest weights of each file (used on the queue only): handed over for the predictions of one
    /// epoch, or read from the file, whose modification date then tells when to read it again.
    private var loaded = [URL: (origin: WeightsOrigin, network: Network)]()
    /// The sanity check's fully re-initialised copy of each model (used on the queue only): it holds no
    /// trained weight, so it is made once instead of once a request.
    private var randomized = [ModelKind: [(layer: String, network: Network)]]()

    private enum WeightsOrigin: Equatable {
        /// The trainer's weights at the end of the epoch whose predictions carry this stamp ("epoch 3").
        case handedOver(stamp: String)
        case read(modified: Date)
    }

    init(testImages: LabeledImages) {
        self.testImages = testImages
    }

    /// Computes `request` unless a newer one for its slot arrives first, calling `deliver` from the queue with the
    /// maps as soon as they exist, then with the sanity check's ρ too (it takes the map again on the re-initialised
    /// net: a third to a half of the work). Integrated Gradients whose maps get refined delivers the maps of its
    /// first steps (`SaliencyMaps.isRefining`) that way, then the maps of each refinement, until done or a newer
    /// request arrives.
    func submit(_ request: SaliencyRequest, deliver: @escaping @Sendable (SaliencyResult) -> Void) {
        locked { newest[request.slot] = request }
        let submitted = Date()
        queue.async { [self] in
            guard isNewest(request) else { return }
            compute(request, since: submitted) { deliver(SaliencyResult(request: request, outcome: $0)) }
        }
    }

    /// Makes the network of `weights` (and the sanity check's random one) before any map asks for it: after
    /// an epoch from the weights it ended with, at the end of training by reading the best weights' file.
    func prepare(_ weights: SaliencyWeights) {
        queue.async { [self] in
            guard let network = try? network(for: weights) else { return }
            _ = randomizedCascade(of: network)
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

    private func isNewest(_ request: SaliencyRequest) -> Bool { locked { newest[request.slot] == request } }

    private func compute(_ request: SaliencyRequest, since submitted: Date,
                         deliver: (Result<SaliencyMaps, SaliencyFailure>) -> Void) {
        let started = ThreadCPUClock.seconds()
        let network: Network
        do {
            network = try self.network(for: SaliencyWeights(model: request.model, file: request.weightsFile,
                                                            stamp: request.predictionsStamp))
        } catch {
            return deliver(.failure(SaliencyFailure("\(request.weightsFile.lastPathComponent): \(error)")))
        }
        let model = AttributionModel(network: network,
                                     inputMean: request.normalizesInputs ? BatchAssembler.trainMean : 0,
                                     inputStandardDeviation: request.normalizesInputs ? BatchAssembler.trainStandardDeviation : 1,
                                     pool: pool)
        let explainer = AttributionExplainer(model: model)
        let image = testImages.image(request.testIndex).map { Float($0) / 255 }
        // The re-initialised copy's map, made after the first maps are delivered; refined maps are compared with it too.
        var randomizedMaps: [(layer: String, values: [Float])]?
        func send(_ attribution: Attribution, sanity: SaliencySanity?, isRefining: Bool) {
            deliver(.success(SaliencyMaps(attribution: attribution, sanity: sanity, seconds: Date().timeIntervalSince(submitted),
                                          cpuSeconds: ThreadCPUClock.seconds() - started, isRefining: isRefining)))
        }
        /// Delivers `attribution`; false when a newer request came meanwhile.
        func deliverMaps(_ attribution: Attribution, isRefining: Bool) -> Bool {
            if randomizedMaps == nil {
                send(attribution, sanity: nil, isRefining: isRefining)
                guard isNewest(request) else { return false }
                randomizedMaps = SaliencySanity.randomizedMaps(attribution, image: image, explainer: explainer,
                                                               cascade: randomizedCascade(of: network))
            }
            send(attribution, sanity: SaliencySanity.compare(attribution, with: randomizedMaps ?? []), isRefining: isRefining)
            return isNewest(request)
        }
        do {
            let attribution = try explainer.attribute(image, targets: request.targets, method: request.method,
                                                      beforeRefining: { deliverMaps($0, isRefining: true) },
                                                      isAbandoned: { !isNewest(request) })
            guard isNewest(request) else { return }
            _ = deliverMaps(attribution, isRefining: false)
        } catch {
            deliver(.failure(SaliencyFailure(error.description)))
        }
    }

    /// The sanity check's fully re-initialised copy of the model: it holds no trained weight, so it is made once.
    private func randomizedCascade(of network: Network) -> [(layer: String, network: Network)] {
        if let made = randomized[network.kind] { return made }
        let made = SaliencySanity.randomizedCascade(of: network, seed: 1, fullOnly: true)
        randomized[network.kind] = made
        return made
    }

    /// The network of `weights`: the one handed over for its predictions' stamp, or the file's, read again
    /// only when the file changed (a new epoch was saved).
    private func network(for weights: SaliencyWeights) throws -> Network {
        let cached = loaded[weights.file].flatMap { $0.network.kind == weights.model ? $0 : nil }
        if let cached, cached.origin == .handedOver(stamp: weights.stamp) { return cached.network }
        if let snapshot = weights.snapshot {
            // Into the file's network when there is one: its buffers, sized by the last passes, are kept.
            let network = cached?.network ?? Network(weights.model)
            network.store.restore(snapshot)
            loaded[weights.file] = (.handedOver(stamp: weights.stamp), network)
            return network
        }
        let modified = (try FileManager.default.attributesOfItem(atPath: weights.file.path)[.modificationDate] as? Date) ?? .distantPast
        if let cached, cached.origin == .read(modified: modified) { return cached.network }
        let network = Network(weights.model)
        try Checkpoint.load(Checkpoint.read(weights.file), into: network, file: weights.file.path)
        loaded[weights.file] = (.read(modified: modified), network)
        return network
    }
}
