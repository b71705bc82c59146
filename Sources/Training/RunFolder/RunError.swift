// What can go wrong with a run folder: finding it, reading it, resuming it, saving to it.
import Foundation
import ProgramInfo

public enum RunError: Error, CustomStringConvertible, Equatable {
    case unknownRun(id: String, runsDirectory: String, nearest: [String])
    case unreadableSettings(folder: String, reason: String)
    case notResumable(folder: String, reason: String)
    /// Another process trains this run now (it holds the folder's lock).
    case inUse(folder: String)
    case unwritableFolder(folder: String, reason: String)
    /// Epoch `epoch` could not be saved; the checkpoint of the epoch before it is intact.
    case cannotSave(folder: String, epoch: Int, reason: String)

    /// The commands these messages suggest name the runs folder, which may not be the default one.
    public var description: String {
        switch self {
        case .unknownRun(let id, let directory, let nearest):
            let hint = nearest.isEmpty ? "there are no runs in \(directory)" : "nearest: \(nearest.joined(separator: ", "))"
            let list = "\(CommandName.current) runs \(CommandName.runsFolderOption(directory))"
            return "no run \(id) in \(directory); \(hint) (list them with `\(list)`)"
        case .unreadableSettings(let folder, let reason):
            return "\(folder)/config.json cannot be read: \(reason)"
        case .notResumable(let folder, let reason):
            return "run \(folder) cannot be resumed: \(reason)"
        case .inUse(let folder):
            return "run \(folder) is being trained by another fmnist-tui process; stop that one first"
        case .unwritableFolder(let folder, let reason):
            return "cannot write in run folder \(folder) (\(reason)); check its permissions and free space"
        case .cannotSave(let folder, let epoch, let reason):
            let run = URL(fileURLWithPath: folder), runs = CommandName.runsFolderOption(run.deletingLastPathComponent().path)
            let resume = "\(CommandName.current) resume \(run.lastPathComponent) \(runs)"
            let intact = epoch > 1
                ? "the checkpoint of epoch \(epoch - 1) is intact: free some space, then `\(resume)`"
                : "no epoch was saved; free some space and train again"
            return "could not save epoch \(epoch) of run \(folder): \(reason); \(intact)"
        }
    }
}
