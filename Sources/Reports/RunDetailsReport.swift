// The text of `fmnist-tui runs show`: a run's header, settings, data files, epochs and test scores.
import FashionMNIST
import Foundation
import ProgramInfo
import Training

public enum RunDetailsReport {
    /// - runsFolderFlag: what the suggested `resume` adds to name the runs folder (" --runs-dir '…'"), or "".
    public static func lines(_ record: RunRecord, runsFolderFlag: String = "") -> [String] {
        header(record) + [""] + settings(record) + [""] + dataFiles(record) + [""] + epochs(record) + [""]
            + testScores(record, runsFolderFlag: runsFolderFlag)
    }

    static func header(_ record: RunRecord) -> [String] {
        let configuration = record.settings.configuration
        let done = record.history.last?.epoch ?? 0
        return ["run \(record.id)",
                "  folder   \(record.folder.path)",
                "  model    \(configuration.model.displayName), \(record.recipe) recipe",
                "  state    \(record.status.rawValue), \(done) of \(configuration.epochs) epochs done",
                "  started  \(LocalTime.seconds(record.settings.started))",
                "  program  \(record.settings.program)"]
    }

    /// Every field of config.json's configuration, including ones this version does not know.
    static func settings(_ record: RunRecord) -> [String] {
        var fields = record.configurationFields
        fields["recipe"] = fields["recipe"] ?? record.recipe
        fields["train_limit"] = fields["train_limit"] ?? "all"
        var table = TextTable([("setting", .left), ("value", .left)])
        for key in fields.keys.sorted() { table.append([key.replacingOccurrences(of: "_", with: " "), fields[key]!]) }
        return ["settings"] + table.lines(indent: "  ").dropFirst()
    }

    static func dataFiles(_ record: RunRecord) -> [String] {
        guard !record.settings.dataFiles.isEmpty else { return ["data files: none recorded"] }
        var lines = ["data files"]
        for file in record.settings.dataFiles {
            lines.append("  \(file.path)  (\(file.bytes.formatted()) bytes)")
            lines.append("    sha256 \(file.sha256)")
        }
        return lines
    }

    static func epochs(_ record: RunRecord) -> [String] {
        guard !record.history.isEmpty else { return ["epochs: none completed yet"] }
        let bestEpoch = record.bestValidation?.epoch
        var table = TextTable([("epoch", .right), ("train loss", .right), ("valid loss", .right), ("valid acc", .right),
                               ("seconds", .right), ("", .left)])
        for metrics in record.history {
            table.append([String(metrics.epoch), String(format: "%.4f", metrics.trainLoss),
                          metrics.validLoss.map { String(format: "%.4f", $0) } ?? "–",
                          metrics.validAccuracy.map { String(format: "%.2f %%", 100 * $0) } ?? "–",
                          String(format: "%.1f", metrics.seconds), metrics.epoch == bestEpoch ? "◆ best" : ""])
        }
        return ["epochs"] + table.lines(indent: "  ")
    }

    static func testScores(_ record: RunRecord, runsFolderFlag: String) -> [String] {
        guard let scores = record.scores else {
            return ["test scores: none yet (the run is \(record.status.rawValue); "
                + "`\(CommandName.current) resume \(record.id)\(runsFolderFlag)` trains it to the end)"]
        }
        let lastEpoch = record.history.last?.epoch ?? record.settings.configuration.epochs
        var table = TextTable([("", .left), ("best weights (epoch \(scores.bestEpoch))", .right),
                               ("last weights (epoch \(lastEpoch))", .right)])
        table.append(["loss", String(format: "%.4f", scores.test.loss), String(format: "%.4f", scores.lastTest.loss)])
        table.append(["accuracy", percent(scores.test.accuracy), percent(scores.lastTest.accuracy)])
        table.append(["correct", "\(scores.test.correct) of \(scores.test.total)",
                      "\(scores.lastTest.correct) of \(scores.lastTest.total)"])
        for (label, name) in FashionMNIST.classNames.enumerated() where label < scores.test.confusion.count {
            table.append([name, percent(scores.test.perClassAccuracy[label]), percent(scores.lastTest.perClassAccuracy[label])])
        }
        let confusion = EvaluationReport.confusionLines(
            scores.test, title: "confusion matrix of the best weights: rows are the true class, columns the predicted class")
        return ["test scores"] + table.lines(indent: "  ") + [""] + confusion.map { "  " + $0 }
    }

    private static func percent(_ fraction: Double) -> String { String(format: "%.2f %%", 100 * fraction) }
}
