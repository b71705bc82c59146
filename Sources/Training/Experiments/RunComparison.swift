// Two runs side by side: the settings that differ, per-class test accuracy deltas, and the confusion
// difference B − A with its sign per cell made "positive is better for B".
import Foundation

public struct RunComparison: Sendable, Equatable {
    /// One setting whose value differs; nil where a run has none.
    public struct SettingChange: Sendable, Equatable {
        /// The column key ("lr", "model", "epochs" for the planned epochs).
        public let key: String
        public let a: String?
        public let b: String?
    }

    public let a: RunSummary
    public let b: RunSummary
    /// Model, recipe, planned epochs, then the settings as the table orders them.
    public let settings: [SettingChange]
    /// Per class, B's test accuracy minus A's (best weights, fractions); nil unless both runs have test scores.
    public let perClassAccuracyDelta: [Double]?
    /// B − A per cell of the test confusion matrices ([true][predicted], counts); nil unless both have them.
    public let confusionDifference: [[Int]]?
    /// `confusionDifference` with the sign of every off-diagonal cell reversed: positive always means B did
    /// better there (more right on the diagonal, fewer confusions off it). For colouring.
    public let confusionImprovement: [[Int]]?

    public init(_ a: RunSummary, _ b: RunSummary) {
        self.a = a
        self.b = b
        var settings = [SettingChange]()
        let own: [(String, (RunSummary) -> String?)] = [("model", { $0.model?.rawValue }), ("recipe", \.recipe),
                                                        ("epochs", { $0.plannedEpochs.map(String.init) })]
        for (key, value) in own where value(a) != value(b) { settings.append(SettingChange(key: key, a: value(a), b: value(b))) }
        for case .setting(let key) in RunTable.differingSettings([a, b]) {
            settings.append(SettingChange(key: RunColumn.setting(key).key, a: a.settings[key], b: b.settings[key]))
        }
        self.settings = settings
        guard let testA = a.scores?.test, let testB = b.scores?.test, testA.confusion.count == testB.confusion.count,
              zip(testA.confusion, testB.confusion).allSatisfy({ $0.count == $1.count }) else {
            perClassAccuracyDelta = nil
            confusionDifference = nil
            confusionImprovement = nil
            return
        }
        perClassAccuracyDelta = zip(testB.perClassAccuracy, testA.perClassAccuracy).map { $0 - $1 }
        let difference = zip(testB.confusion, testA.confusion).map { rowB, rowA in zip(rowB, rowA).map { $0 - $1 } }
        confusionDifference = difference
        confusionImprovement = difference.enumerated().map { row, cells in
            cells.enumerated().map { column, delta in row == column ? delta : -delta }
        }
    }
}
