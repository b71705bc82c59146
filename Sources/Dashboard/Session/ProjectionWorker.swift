// ProjectionWorker: the projector's and filters' computations on threads of their own, off the UI
// thread and the trainers': a network built from the weights an epoch ended with, the penultimate
// activations of the projector's sample, PCA or t-SNE, and feature maps; answers as DashboardInputs.
import FashionMNIST
import Foundation
import Insight
import NeuralNet
import Synchronization
import Training

final class ProjectionWorker: Sendable {
    private let testImages: LabeledImages
    /// The projector's sample: 200 test images per class.
    private let sample: [Int]
    /// Per slot, the t-SNE running: its cancel flag (a new t-SNE or the end of the session sets it).
    private let runningTSNE = Mutex<[Int: CancelFlag]>([:])
    /// Every computation still running. The session waits for them before it returns: the process's exit
    /// tears down OpenBLAS's buffers, and a PCA still inside sgemm then crashed (SIGSEGV on quitting).
    private let running = DispatchGroup()

    final class CancelFlag: Sendable {
        let isSet = Atomic<Bool>(false)
    }

    init(testImages: LabeledImages) {
        self.testImages = testImages
        sample = ProjectionSample.indices(labels: testImages.labels)
    }

    /// Starts `request` with what `state` holds now; the answer goes to `inputs`.
    func perform(_ request: InsightRequest, state: DashboardState, inputs: AsyncStream<DashboardInput>.Continuation) {
        let slot: Int
        switch request {
        case .project(let s), .tsne(let s), .featureMaps(let s, _): slot = s
        }
        guard state.models.indices.contains(slot) else { return }
        let model = state.models[slot]
        guard let weights = model.projector.weights else { return }
        let job = Job(kind: model.model, weights: weights, epoch: model.projector.weightsEpoch,
                      normalized: model.projector.normalizesInputs, testImages: testImages, sample: sample)
        switch request {
        case .project:
            let previous = model.projector.pca?.projection.axes
            run("projector") { inputs.yield(.insight(slot: slot, job.projectPCA(previous: previous))) }
        case .tsne:
            let flag = CancelFlag()
            runningTSNE.withLock { running in
                running[slot]?.isSet.store(true, ordering: .relaxed)
                running[slot] = flag
            }
            run("t-SNE") {
                let result = job.projectTSNE(isCancelled: { flag.isSet.load(ordering: .relaxed) }) {
                    inputs.yield(.insight(slot: slot, .tsneProgress(iterations: $0, epoch: job.epoch)))
                }
                inputs.yield(.insight(slot: slot, result))
            }
        case .featureMaps(_, let testIndex):
            run("filters") {
                if let maps = job.featureMaps(testIndex: testIndex) {
                    inputs.yield(.insight(slot: slot, .featureMaps(maps, epoch: job.epoch)))
                }
            }
        }
    }

    /// The session ends: stops every t-SNE still running and waits for the computations in flight.
    func finish() async {
        runningTSNE.withLock { running in
            for flag in running.values { flag.isSet.store(true, ordering: .relaxed) }
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            running.notify(queue: .global()) { done.resume() }
        }
    }

    /// The nice value of its threads: below the saliency maps a key waits for (nice 0), above the trainers
    /// (`TrainerThread.trainingNice`), whose epoch's end starts a PCA.
    static let nice: Int32 = 5

    /// CPU-bound work stays off Swift's cooperative pool.
    private func run(_ name: String, _ body: @escaping @Sendable () -> Void) {
        running.enter()
        let thread = Thread { [running] in
            Thread.current.name = name
            ThreadPriority.lowerCurrentThread(toNice: Self.nice)
            body()
            running.leave()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// One computation's inputs, taken from the state when it was asked for.
    private struct Job: Sendable {
        let kind: ModelKind
        let weights: ParameterSnapshot
        let epoch: Int
        let normalized: Bool
        let testImages: LabeledImages
        let sample: [Int]

        private func network() -> Network {
            let network = Network(kind)
            network.store.restore(weights)
            return network
        }

        private func activations() -> (values: [Float], dimension: Int) {
            let assembler = BatchAssembler(images: testImages, normalized: normalized)
            var labels = [Int32]()
            let captured = Activations.capture(Activations.penultimate, of: network(), count: sample.count,
                                               pool: ComputePool(width: 1)) { tensor, range in
                assembler.fill(tensor, labels: &labels, indices: sample[range])
            }
            return (captured.values, captured.itemSize)
        }

        private var labels: [Int] { sample.map { Int(testImages.labels[$0]) } }

        func projectPCA(previous: PrincipalAxes?) -> InsightResult {
            // CPU time of this thread (the projector's own), to set against the epoch's CPU time.
            let started = ThreadCPUClock.seconds()
            let (values, dimension) = activations()
            let projection = Projection.pca(values, dimension: dimension, labels: labels, testIndices: sample, previous: previous)
            let seconds = ThreadCPUClock.seconds() - started
            return projection.map { .projected($0, epoch: epoch, seconds: seconds) } ?? .notFinite(epoch: epoch)
        }

        func projectTSNE(isCancelled: @escaping () -> Bool, progress: @escaping (Int) -> Void) -> InsightResult {
            let started = ThreadCPUClock.seconds()
            let (values, dimension) = activations()
            let projection = Projection.tsne(values, dimension: dimension, labels: labels, testIndices: sample) { done in
                if done % 20 == 0 { progress(done) }
                return !isCancelled()
            }
            return .tsneFinished(projection, epoch: epoch, seconds: ThreadCPUClock.seconds() - started)
        }

        func featureMaps(testIndex: Int) -> FilterMaps? {
            let image = Tensor(shape: [1])
            var labels = [Int32]()
            BatchAssembler(images: testImages, normalized: normalized).fill(image, labels: &labels, indices: [testIndex])
            return FilterMaps.compute(network(), image: image, testIndex: testIndex, pool: ComputePool(width: 1))
        }
    }
}
