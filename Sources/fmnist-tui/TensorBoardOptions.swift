// `--tensorboard DIR` of train, resume and dashboard: write each run's TensorBoard events live into DIR/<run id>/.
import ArgumentParser
import Foundation
import TensorBoard

struct TensorBoardOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also write TensorBoard event files as each epoch ends, one folder per run: "
                               + "DIR/<run id>/ (open with `tensorboard --logdir DIR`).", valueName: "dir"))
    var tensorboard: String?

    /// A recorder for the run in `runFolder`, or nil without `--tensorboard`. A write that fails later
    /// reaches `onFailure` and training goes on.
    /// - Throws: when DIR/<run id>/ cannot be made or holds another run's event files.
    func recorder(runFolder: URL, onFailure: @escaping @Sendable (String) -> Void) throws -> TensorBoardRecorder? {
        guard let tensorboard else { return nil }
        do {
            return try TensorBoardRecorder(logDirectory: URL(fileURLWithPath: tensorboard), runFolder: runFolder,
                                           onFailure: onFailure)
        } catch {
            throw UserFacingError(description: "\(error)")
        }
    }
}
