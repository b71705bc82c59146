// `fmnist-tui runs --json`: run summaries as a JSON array whose objects all have the same keys.
import Foundation

extension RunSummary: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, model, recipe, epochsDone, epochsPlanned, bestValidLoss, bestEpoch, bestValidAccuracy, testAccuracy,
             lastTestAccuracy, state, started, sweepId, sweepTrial, settings, problem
    }

    /// Every field, absent ones as null, so that each object of `runs --json` has the same keys.
    /// Accuracies are fractions (0.9123); settings are text, by config.json key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(model?.rawValue, forKey: .model)
        try container.encode(recipe, forKey: .recipe)
        try container.encode(epochsDone, forKey: .epochsDone)
        try container.encode(plannedEpochs, forKey: .epochsPlanned)
        try container.encode(bestValidLoss, forKey: .bestValidLoss)
        try container.encode(bestEpoch, forKey: .bestEpoch)
        try container.encode(bestValidAccuracy, forKey: .bestValidAccuracy)
        try container.encode(testAccuracy, forKey: .testAccuracy)
        try container.encode(lastTestAccuracy, forKey: .lastTestAccuracy)
        try container.encode(status, forKey: .state)
        try container.encode(started, forKey: .started)
        try container.encode(sweepID, forKey: .sweepId)
        try container.encode(sweepTrial, forKey: .sweepTrial)
        try container.encode(settings, forKey: .settings)
        try container.encode(problem, forKey: .problem)
    }

    /// The summaries as a JSON array (snake_case keys, ISO 8601 dates); `[]` when there are none.
    public static func json(_ summaries: [RunSummary]) throws -> Data {
        summaries.isEmpty ? Data("[]".utf8) : try RunJSON.encode(summaries)
    }
}
