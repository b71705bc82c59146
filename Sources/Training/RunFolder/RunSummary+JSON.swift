// `fmnist-tui runs --json`: run summaries as a JSON array whose objects all have the same keys.
import Foundation

extension RunSummary: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, model, recipe, epochsDone, epochsPlanned, bestValidLoss, bestEpoch, testAccuracy, state, started
    }

    /// Every field, absent ones as null, so that each object of `runs --json` has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(model?.rawValue, forKey: .model)
        try container.encode(recipe, forKey: .recipe)
        try container.encode(epochsDone, forKey: .epochsDone)
        try container.encode(plannedEpochs, forKey: .epochsPlanned)
        try container.encode(bestValidation?.loss, forKey: .bestValidLoss)
        try container.encode(bestValidation?.epoch, forKey: .bestEpoch)
        try container.encode(testAccuracy, forKey: .testAccuracy)
        try container.encode(status, forKey: .state)
        try container.encode(started, forKey: .started)
    }

    /// The summaries as a JSON array (snake_case keys, ISO 8601 dates); `[]` when there are none.
    public static func json(_ summaries: [RunSummary]) throws -> Data {
        summaries.isEmpty ? Data("[]".utf8) : try RunJSON.encode(summaries)
    }
}
