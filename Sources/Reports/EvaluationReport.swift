// How a test-set score is printed: a summary, a confusion matrix with per-class accuracy, or one JSON object.
import FashionMNIST
import Foundation
import Training

public enum EvaluationReport {
    /// The score as aligned text: loss and accuracy, then the confusion matrix (rows: true class,
    /// columns: predicted class) with each class's image count and accuracy at the end of its row.
    public static func textLines(_ evaluation: Evaluation) -> [String] {
        [String(format: "test loss %.5f   accuracy %.2f %%   %d of %d correct",
                evaluation.loss, 100 * evaluation.accuracy, evaluation.correct, evaluation.total), ""]
            + confusionLines(evaluation)
    }

    /// The confusion matrix under a title line, each row ending with the class's image count and accuracy.
    public static func confusionLines(_ evaluation: Evaluation,
                               title: String = "confusion matrix: rows are the true class, columns the predicted class") -> [String] {
        let names = FashionMNIST.classNames
        let nameWidth = names.map(\.count).max()!
        let largestCount = evaluation.confusion.joined().max() ?? 0
        let cellWidth = max(5, String(largestCount).count + 1)
        let imageCounts = evaluation.confusion.map { $0.reduce(0, +) }
        let accuracies = evaluation.perClassAccuracy
        let countWidth = max(7, String(imageCounts.max() ?? 0).count + 1)
        func column(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        func nameColumn(_ text: String) -> String { text.padding(toLength: nameWidth, withPad: " ", startingAt: 0) }

        var lines = [title]
        let headers = names.map { String($0.prefix(4)) }
        lines.append("  " + nameColumn("") + headers.map { column($0, cellWidth) }.joined()
            + " │" + column("images", countWidth) + column("accuracy", 10))
        for (label, row) in evaluation.confusion.enumerated() {
            let accuracy = String(format: "%.2f %%", 100 * accuracies[label])
            lines.append("  " + nameColumn(names[label]) + row.map { column(String($0), cellWidth) }.joined()
                + " │" + column(String(imageCounts[label]), countWidth) + column(accuracy, 10))
        }
        return lines
    }

    /// {"model", "weights", "test_loss", "test_accuracy", "correct", "total", "per_class_accuracy", "confusion"}
    public static func jsonObject(_ evaluation: Evaluation, model: String, weights: String) -> [String: Any] {
        ["model": model, "weights": weights, "test_loss": evaluation.loss, "test_accuracy": evaluation.accuracy,
         "correct": evaluation.correct, "total": evaluation.total,
         "per_class_accuracy": evaluation.perClassAccuracy, "confusion": evaluation.confusion]
    }

    /// Writes `object` as one line of JSON with sorted keys.
    public static func printJSON(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
