// What exact resumption needs, and how it is laid out in a run folder's safetensors files.
//
//   best.safetensors       weights with the lowest validation loss so far (PyTorch key names), metadata `epoch`
//   last.safetensors       weights after the last completed epoch; metadata: see `ResumeState`
//   optimizer.safetensors  Adam's moments as `exp_avg.<key>` and `exp_avg_sq.<key>`, metadata `adam_step`, `epoch`
//
// Both weight files load in PyTorch with `load_state_dict(strict=True)`; the optimizer is kept
// apart so that extra keys never break that. After each epoch the files are written in this order,
// each to a temporary name renamed into place, so that a crash at any point leaves a consistent set:
//
//   1. optimizer-pending.safetensors   the new moments
//   2. last.safetensors                the commit point: from here on the epoch counts as completed
//   3. optimizer-pending → optimizer.safetensors (rename)
//   4. best.safetensors                when the epoch improved; then its weights equal last's
//
// `ResumePoint` reads them back: the optimizer file whose epoch matches last's (pending after a crash
// between 2 and 3), and the best weights from last itself when the best epoch is the last one.
import Foundation
import ModelFiles
import NeuralNet

/// The trainer's state between epochs, besides weights and moments.
public struct ResumeState: Equatable, Sendable {
    public static let format = "fmnist-tui-checkpoint-1"
    public var model: ModelKind
    public var completedEpochs: Int
    public var adamStep: Int
    /// The SplitMix64 state that drives shuffling and dropout after this epoch.
    public var rngState: UInt64
    public var bestEpoch: Int
    public var bestValidLoss: Double

    var metadata: [String: String] {
        ["format": Self.format, "model": model.rawValue, "epoch": String(completedEpochs),
         "adam_step": String(adamStep), "rng_state": String(rngState), "best_epoch": String(bestEpoch),
         "best_valid_loss": String(bestValidLoss)]
    }

    init(model: ModelKind, completedEpochs: Int, adamStep: Int, rngState: UInt64, bestEpoch: Int, bestValidLoss: Double) {
        self.model = model
        self.completedEpochs = completedEpochs
        self.adamStep = adamStep
        self.rngState = rngState
        self.bestEpoch = bestEpoch
        self.bestValidLoss = bestValidLoss
    }

    /// Parses the metadata of a last.safetensors; nil when a field is absent or malformed.
    init?(metadata: [String: String]) {
        guard metadata["format"] == Self.format,
              let model = metadata["model"].flatMap(ModelKind.init(rawValue:)),
              let epoch = metadata["epoch"].flatMap(Int.init), let step = metadata["adam_step"].flatMap(Int.init),
              let rng = metadata["rng_state"].flatMap(UInt64.init), let bestEpoch = metadata["best_epoch"].flatMap(Int.init),
              let bestLoss = metadata["best_valid_loss"].flatMap(Double.init)
        else { return nil }
        self.init(model: model, completedEpochs: epoch, adamStep: step, rngState: rng, bestEpoch: bestEpoch,
                  bestValidLoss: bestLoss)
    }
}

/// The names of a run folder's checkpoint files.
enum CheckpointFiles {
    static let best = "best.safetensors"
    static let last = "last.safetensors"
    static let optimizer = "optimizer.safetensors"
    static let pendingOptimizer = "optimizer-pending.safetensors"
}

enum OptimizerFile {
    static func stateDict(_ optimizer: Adam, parameters: [Parameter], epoch: Int) -> StateDict {
        let moments = parameters.map { optimizer.moments(of: $0) }
        let tensors = zip(parameters, moments).map { parameter, moments in
            NamedTensor(name: "exp_avg." + parameter.name, shape: parameter.shape, values: moments.first)
        } + zip(parameters, moments).map { parameter, moments in
            NamedTensor(name: "exp_avg_sq." + parameter.name, shape: parameter.shape, values: moments.second)
        }
        return StateDict(tensors: tensors, metadata: ["adam_step": String(optimizer.step), "epoch": String(epoch)])
    }

    /// Every parameter's moments by name; nil if a tensor is missing or misshapen.
    static func moments(_ dict: StateDict, parameters: [Parameter]) -> [String: Adam.Moments]? {
        var moments = [String: Adam.Moments]()
        for parameter in parameters {
            guard let m = dict["exp_avg." + parameter.name], let v = dict["exp_avg_sq." + parameter.name],
                  m.shape == parameter.shape, v.shape == parameter.shape else { return nil }
            moments[parameter.name] = Adam.Moments(first: m.values, second: v.values)
        }
        return moments
    }
}
