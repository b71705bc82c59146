// A run's last completed epoch read back from its checkpoint files and checked for consistency.
import Foundation
import ModelFiles
import NeuralNet

struct ResumePoint {
    let state: ResumeState
    let last: StateDict
    let optimizer: StateDict
    /// True when the moments are still in optimizer-pending.safetensors (a crash before its rename).
    let optimizerIsPending: Bool
    /// best.safetensors when the best epoch is an earlier one; nil when the last weights are the best
    /// (or, with no best epoch, the initial ones are).
    let best: StateDict?
    /// True when best.safetensors does not hold the best epoch yet (a crash before it was written).
    let bestNeedsRewrite: Bool
    /// Epochs 1…completed from metrics.jsonl.
    let history: [EpochMetrics]

    /// Reads the checkpoint of the run in `record`; nil when the run never completed an epoch (no checkpoint,
    /// nothing logged), so that it starts over. Every reason it cannot be resumed is a `RunError.notResumable`.
    init?(record: RunRecord, model: ModelKind) throws(RunError) {
        let folder = record.folder
        func refuse(_ reason: String) -> RunError { .notResumable(folder: folder.path, reason: reason) }
        func read(_ name: String) throws(RunError) -> StateDict {
            do { return try SafeTensorsFile.read(contentsOf: folder.appendingPathComponent(name)) } catch {
                throw refuse("\(name) is unreadable: \(error)")
            }
        }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) }

        guard exists(CheckpointFiles.last) else {
            if record.history.isEmpty { return nil }
            throw refuse("last.safetensors is missing, yet metrics.jsonl logs \(record.history.count) completed "
                + "epoch(s); was it moved or deleted?")
        }
        last = try read(CheckpointFiles.last)
        guard let state = ResumeState(metadata: last.metadata), state.completedEpochs >= 1 else {
            throw refuse("last.safetensors has no fmnist-tui resume metadata")
        }
        guard state.model == model else {
            throw refuse("last.safetensors holds \(state.model.displayName) weights, config.json says \(model.displayName)")
        }
        self.state = state
        let epoch = state.completedEpochs

        var matching: (StateDict, Bool)?
        for (name, pending) in [(CheckpointFiles.optimizer, false), (CheckpointFiles.pendingOptimizer, true)] where exists(name) {
            let candidate = try read(name)
            if candidate.metadata["epoch"] == String(epoch) && candidate.metadata["adam_step"] == String(state.adamStep) {
                matching = (candidate, pending)
                break
            }
        }
        guard let (optimizer, optimizerIsPending) = matching else {
            throw refuse("no optimizer.safetensors of epoch \(epoch), the epoch of last.safetensors")
        }
        self.optimizer = optimizer
        self.optimizerIsPending = optimizerIsPending

        let bestOnDisk = exists(CheckpointFiles.best) ? try read(CheckpointFiles.best) : nil
        let bestEpochOnDisk = bestOnDisk?.metadata["epoch"]
        if state.bestEpoch == epoch || state.bestEpoch == 0 {
            best = nil
            bestNeedsRewrite = state.bestEpoch == epoch && bestEpochOnDisk != String(epoch)
        } else {
            guard let bestOnDisk, bestEpochOnDisk == String(state.bestEpoch) else {
                throw refuse("best.safetensors holds epoch \(bestEpochOnDisk ?? "none"), the checkpoint's best is epoch \(state.bestEpoch)")
            }
            best = bestOnDisk
            bestNeedsRewrite = false
        }

        let kept = record.history.filter { $0.epoch <= epoch }
        guard kept.map(\.epoch) == Array(1...epoch) else {
            let missing = Set(1...epoch).subtracting(kept.map(\.epoch)).sorted().map(String.init)
            throw refuse("metrics.jsonl lacks the line of epoch \(missing.joined(separator: ", ")) "
                + "(unreadable or missing); the checkpoint is from epoch \(epoch)")
        }
        history = kept
    }
}
