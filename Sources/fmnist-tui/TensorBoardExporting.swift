// `export RUN --tensorboard DIR`: the run as TensorBoard event files in DIR/<run id>/.
import Foundation
import TensorBoard
import Training

extension ExportCommand {
    func exportTensorBoard(_ record: RunRecord, to directory: String) throws {
        let written: TensorBoardExport.Written
        do {
            written = try TensorBoardExport.write(record, to: URL(fileURLWithPath: directory), force: force)
        } catch {
            throw UserFacingError(description: "\(error)")
        }
        if !written.removedForeignFiles.isEmpty {
            print("removed \(written.removedForeignFiles.count) event files of another run from "
                + "\(written.file.deletingLastPathComponent().path) (--force)")
        }
        let contents = record.scores == nil ? "\(record.history.count) epochs, hyperparameters (unfinished: no test scores yet)"
            : "\(record.history.count) epochs, test scores, confusion matrix, hyperparameters"
        print("wrote \(written.file.path): \(contents); open with `tensorboard --logdir \(directory)`")
    }
}
