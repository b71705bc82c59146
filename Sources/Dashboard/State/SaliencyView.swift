// SaliencyView: the saliency part of the misclassified view (issue #14): the method, how maps are shown,
// what was asked of the saliency worker and what came back.
import Foundation
import Insight
import NeuralNet

public struct SaliencyView: Sendable {
    /// The method the `s` key cycles; a model that does not offer it shows its counterpart (`method(for:)`).
    public var method = AttributionMethod.integratedGradients
    /// Signed maps (positive and negative evidence in two colours) instead of |attribution|.
    public var signed = false
    /// The FCNN's and the CNN's maps of the same image, one row per model.
    public var bothModels = false
    /// The newest request per model slot: results for anything else are stale and dropped.
    public var requested: [Int: SaliencyRequest] = [:]
    public var results: [Int: SaliencyResult] = [:]

    public init() {}

    /// The method shown for `model`: Grad-CAM and the weight templates stand in for each other.
    public func method(for model: ModelKind) -> AttributionMethod {
        if method.isAvailable(for: model) { return method }
        return method == .gradCAM ? .weightTemplates : .gradCAM
    }

    /// The result for `request`, when it has arrived.
    public func result(for request: SaliencyRequest) -> SaliencyResult? {
        results[request.slot].flatMap { $0.request == request ? $0 : nil }
    }
}

/// What the saliency worker computes: maps of one test image for two classes with one model's weights.
public struct SaliencyRequest: Hashable, Sendable {
    public let slot: Int
    public let model: ModelKind
    public let testIndex: Int
    /// The classes to explain: the prediction of the model on screen, then the true class.
    public let targets: [Int]
    public let method: AttributionMethod
    /// The weights the predictions came from: the run's last.safetensors after an epoch, best.safetensors at the end.
    public let weightsFile: URL
    /// Which predictions: "epoch 3" or "best 7", so that a new epoch asks again.
    public let predictionsStamp: String
    public let normalizesInputs: Bool

    public init(slot: Int, model: ModelKind, testIndex: Int, targets: [Int], method: AttributionMethod, weightsFile: URL,
                predictionsStamp: String, normalizesInputs: Bool) {
        self.slot = slot
        self.model = model
        self.testIndex = testIndex
        self.targets = targets
        self.method = method
        self.weightsFile = weightsFile
        self.predictionsStamp = predictionsStamp
        self.normalizesInputs = normalizesInputs
    }
}

/// The weights a slot's maps are computed with: the file its predictions came from, their stamp, and when the
/// trainer handed them over, the weights themselves (which the file holds too).
public struct SaliencyWeights: Sendable {
    public let model: ModelKind
    public let file: URL
    /// The predictions' stamp, as in `SaliencyRequest.predictionsStamp`.
    public let stamp: String
    /// nil: read them from `file`.
    public let snapshot: ParameterSnapshot?

    public init(model: ModelKind, file: URL, stamp: String, snapshot: ParameterSnapshot? = nil) {
        self.model = model
        self.file = file
        self.stamp = stamp
        self.snapshot = snapshot
    }
}

/// The worker's answer.
public struct SaliencyResult: Sendable {
    public let request: SaliencyRequest
    /// The maps (one per target) and the sanity ρ, or why there are none (e.g. an unreadable weights file).
    public let outcome: Result<SaliencyMaps, SaliencyFailure>

    public init(request: SaliencyRequest, outcome: Result<SaliencyMaps, SaliencyFailure>) {
        self.request = request
        self.outcome = outcome
    }
}

public struct SaliencyMaps: Sendable {
    public let attribution: Attribution
    /// Spearman ρ of the first map against the one of a fully re-initialised copy of the net; nil while that copy's
    /// map is computed (the maps are delivered first).
    public let sanity: SaliencySanity?
    /// Seconds from the worker taking the request to what this delivery holds (reading the weights included).
    public let seconds: Double
    /// CPU seconds the worker's thread spent on them: `seconds` less the waits for the other threads on a busy machine.
    public let cpuSeconds: Double?
    /// Integrated Gradients' maps of the steps taken so far, shown while more steps bring their completeness
    /// error within the tolerance; refined maps follow.
    public let isRefining: Bool

    public init(attribution: Attribution, sanity: SaliencySanity?, seconds: Double, cpuSeconds: Double? = nil,
                isRefining: Bool = false) {
        self.attribution = attribution
        self.sanity = sanity
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
        self.isRefining = isRefining
    }
}

public struct SaliencyFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
