// metrics.csv of `fmnist-tui export`: a header and one row per completed epoch.
import Foundation
import Training

public enum MetricsCSV {
    public static let header = "epoch,train_loss,valid_loss,valid_accuracy,seconds,best"

    /// Numbers printed in full (shortest exact decimal form), validation cells empty without a validation
    /// split; `best` is true on the lowest validation loss.
    public static func render(_ record: RunRecord) -> String {
        let bestEpoch = record.bestValidation?.epoch
        let rows = record.history.map { metrics in
            [String(metrics.epoch), "\(metrics.trainLoss)", metrics.validLoss.map { "\($0)" } ?? "",
             metrics.validAccuracy.map { "\($0)" } ?? "",
             "\(metrics.seconds)", metrics.epoch == bestEpoch ? "true" : "false"].joined(separator: ",")
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }
}
