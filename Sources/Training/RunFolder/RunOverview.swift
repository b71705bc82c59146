// One row of `fmnist-tui runs`: what a run is, how far it got, how well it did; and the state shown for it.
import Foundation

/// A run's state as shown: the saved `RunState`, or `interrupted` / `unknown` when the folder says otherwise.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, paused, stopped, finished, failed
    /// Saved as running or paused, but no process holds the run: killed, crashed or powered off. Resumable.
    case interrupted
    /// The state file is missing or unreadable.
    case unknown
}

public struct RunOverview: Sendable, Encodable, Equatable {
    public let id: String
    public let model: String
    public let recipe: String
    public let epochsDone: Int
    public let epochsPlanned: Int
    public let bestValidLoss: Double?
    public let bestEpoch: Int?
    /// Test accuracy of the best weights, once the run finished.
    public let testAccuracy: Double?
    public let state: RunStatus
    public let started: Date

    public init(_ record: RunRecord) {
        id = record.id
        model = record.settings.configuration.model.rawValue
        recipe = record.recipe
        epochsDone = record.history.last?.epoch ?? 0
        epochsPlanned = record.settings.configuration.epochs
        bestValidLoss = record.bestValidation?.loss
        bestEpoch = record.bestValidation?.epoch
        testAccuracy = record.scores?.test.accuracy
        state = record.status
        started = record.settings.started
    }

    enum CodingKeys: String, CodingKey {
        case id, model, recipe, epochsDone, epochsPlanned, bestValidLoss, bestEpoch, testAccuracy, state, started
    }

    /// Every field, absent ones as null, so that each object of `runs --json` has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(model, forKey: .model)
        try container.encode(recipe, forKey: .recipe)
        try container.encode(epochsDone, forKey: .epochsDone)
        try container.encode(epochsPlanned, forKey: .epochsPlanned)
        try container.encode(bestValidLoss, forKey: .bestValidLoss)
        try container.encode(bestEpoch, forKey: .bestEpoch)
        try container.encode(testAccuracy, forKey: .testAccuracy)
        try container.encode(state, forKey: .state)
        try container.encode(started, forKey: .started)
    }

    /// The overviews as a JSON array (snake_case keys, ISO 8601 dates); `[]` when there are none.
    public static func json(_ overviews: [RunOverview]) throws -> Data {
        overviews.isEmpty ? Data("[]".utf8) : try RunJSON.encode(overviews)
    }
}
