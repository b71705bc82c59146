// The checkpoint files of a run folder: their names, the order they are written in, the optimizer file's tensors.
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
