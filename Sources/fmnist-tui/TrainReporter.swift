// How `train` shows progress: a live bar on a terminal, epoch lines, or JSON lines.
import FashionMNIST
import Foundation
import Training

final class TrainReporter: @unchecked Sendable {
    let json: Bool
    let interactive: Bool
    private var epochStarted = Date()
    private var barShown = false

    init(json: Bool, interactive: Bool) {
        self.json = json
        self.interactive = interactive
    }

    func report(_ event: TrainingEvent) {
        switch event {
        case .started(let start):
            if !json {
                let folder = start.runFolder.map { " → \($0.path)" } ?? ""
                printLine("training \(start.model.displayName): \(start.configuration.epochs) epochs of "
                    + "\(start.batchesPerEpoch) batches of \(start.configuration.batchSize)\(folder)")
            }
            epochStarted = Date()
        case .progress(let progress):
            guard !json && interactive else { return }
            let fraction = Double(progress.batch) / Double(progress.batchesPerEpoch)
            let elapsed = Date().timeIntervalSince(epochStarted)
            let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = String(format: "epoch %d %@ %d/%d  loss %.4f  %.0f img/s  ETA %@",
                              progress.epoch, bar, progress.batch, progress.batchesPerEpoch, progress.runningLoss,
                              progress.imagesPerSecond, Self.clock(eta))
            FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + line).utf8))
            barShown = true
        case .epochFinished(let report):
            let m = report.metrics
            if json {
                emitJSON(["event": "epoch", "epoch": m.epoch, "train_loss": m.trainLoss,
                          "valid_loss": m.validLoss ?? NSNull(), "valid_accuracy": m.validAccuracy ?? NSNull(),
                          "seconds": m.seconds])
            } else {
                let validation = m.validLoss.map { loss in
                    String(format: "  valid loss %.4f  valid acc %.2f %%", loss, 100 * (m.validAccuracy ?? 0))
                } ?? ""
                printLine(String(format: "epoch %3d  train loss %.4f%@  %5.1f s%@", m.epoch, m.trainLoss, validation,
                                 m.seconds, report.isBest && m.validLoss != nil ? "  ◆ best" : ""))
            }
            epochStarted = Date()
        case .finished(let report):
            if json {
                emitJSON(["event": "done", "model": report.model.rawValue, "best_epoch": report.bestEpoch,
                          "test_loss": report.test.loss, "test_accuracy": report.test.accuracy,
                          "correct": report.test.correct, "total": report.test.total,
                          "per_class_accuracy": report.test.perClassAccuracy, "confusion": report.test.confusion,
                          "last_test_accuracy": report.lastTest.accuracy, "run": report.runFolder?.path ?? ""])
            } else {
                printLine(String(format: "test (best epoch %d): loss %.4f  accuracy %.2f %% (%d/%d);  last weights: %.2f %%",
                                 report.bestEpoch, report.test.loss, 100 * report.test.accuracy, report.test.correct,
                                 report.test.total, 100 * report.lastTest.accuracy))
                for (label, accuracy) in report.test.perClassAccuracy.enumerated() {
                    let name = FashionMNIST.classNames[label].padding(toLength: 12, withPad: " ", startingAt: 0)
                    printLine("  " + name + String(format: " %6.2f %%", 100 * accuracy))
                }
                if let folder = report.runFolder { printLine("run saved in \(folder.path)") }
            }
        case .stopped(_, let completedEpochs):
            if !json { printLine("stopped after \(completedEpochs) epochs") }
        case .failed(_, let message), .diverged(_, let message):
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        case .paused, .resumed:
            break
        }
    }

    private func printLine(_ line: String) {
        let prefix = barShown ? "\r\u{1B}[2K" : ""
        barShown = false
        FileHandle.standardOutput.write(Data((prefix + line + "\n").utf8))
    }

    private func emitJSON(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}
