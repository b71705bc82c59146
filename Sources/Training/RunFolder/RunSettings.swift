// config.json of a run folder: the resolved settings, the data files read, the program and the start time.
import Foundation
import ProgramInfo

/// The content of config.json.
public struct RunSettings: Codable, Sendable {
    public static let programVersion = ProgramInfo.nameAndVersion
    public var configuration: TrainingConfiguration
    public var dataFiles: [DataFileRecord]
    public var program: String
    public var started: Date
    /// The sweep that started the run and the run's trial number in it; absent for runs started alone
    /// (and in runs saved before sweeps existed). Written as `sweep_id` and `sweep_trial`.
    public var sweepID: String?
    public var sweepTrial: Int?

    enum CodingKeys: String, CodingKey {
        // "sweepId", not "sweepID": the snake_case strategies turn it into sweep_id and back.
        case configuration, dataFiles, program, started, sweepID = "sweepId", sweepTrial
    }
}

/// A data file a run read, with its size and SHA-256, so a later look can tell it was the same data.
public struct DataFileRecord: Codable, Sendable {
    public let path: String
    public let bytes: Int
    public let sha256: String

    init(path: String) {
        self.path = path
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        bytes = data.count
        sha256 = SHA256.hexDigest(of: data)
    }
}
