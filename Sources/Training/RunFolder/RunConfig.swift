// What the runs view reads from config.json: model, recipe, plan, every resolved setting as text, start, sweep.
import Foundation
import NeuralNet

struct RunConfig: Equatable, Sendable {
    let model: ModelKind
    let recipe: String
    let plannedEpochs: Int
    /// Every setting of `configuration` by its config.json key, as text; keys an older version did not
    /// write have the value it trained with (the seed recipe's), keys this version does not know are kept.
    let settings: [String: String]
    let started: Date?
    let sweepID: String?
    let sweepTrial: Int?

    /// Reads config.json's bytes; the error is a reason a person can act on.
    static func read(_ data: some ContiguousBytes) -> Result<RunConfig, ConfigProblem> {
        let root: JSONValue
        do { root = try JSONScanner.value(of: data) } catch {
            return .failure(ConfigProblem(reason: "config.json is not valid JSON (\(error.description))"))
        }
        guard let configuration = root["configuration"], case .object(let fields) = configuration else {
            return .failure(ConfigProblem(reason: "config.json has no \"configuration\" object"))
        }
        guard let model = fields["model"]?.string.flatMap(ModelKind.init(rawValue:)) else {
            return .failure(ConfigProblem(reason: "config.json names no model (fcnn or cnn)"))
        }
        var settings = defaultSettings[model] ?? [:]
        for (key, value) in fields { settings[key] = value.text }
        settings.removeValue(forKey: "model")
        if settings["train_limit"] == nil || settings["train_limit"] == "null" { settings["train_limit"] = "all" }
        let started = root["started"]?.string.flatMap(Self.date(iso8601:))
        return .success(RunConfig(model: model, recipe: settings["recipe"] ?? Recipe.seed.rawValue,
                                  plannedEpochs: settings["epochs"].flatMap { Int($0) } ?? 0, settings: settings,
                                  started: started, sweepID: root["sweep_id"]?.string, sweepTrial: root["sweep_trial"]?.int))
    }

    /// The settings a run of each model trained with when its config.json lacks a key (as
    /// `TrainingConfiguration(from:)` reads it): the seed recipe's.
    static let defaultSettings: [ModelKind: [String: String]] = Dictionary(uniqueKeysWithValues: ModelKind.allCases.map { model in
        let data = (try? RunJSON.encode(TrainingConfiguration(model: model), pretty: false)) ?? Data()
        guard case .object(let fields)? = try? JSONScanner.value(of: data) else { return (model, [:]) }
        return (model, fields.mapValues(\.text))
    })

    /// "2025-03-14T09:26:53Z", as JSONEncoder's .iso8601 writes it.
    static func date(iso8601 text: String) -> Date? {
        let digits = Array(text.utf8)
        guard digits.count == 20, digits[4] == UInt8(ascii: "-"), digits[10] == UInt8(ascii: "T"), digits[19] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int32? { Int32(String(decoding: digits[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}

/// Why config.json could not be read.
struct ConfigProblem: Error, Equatable, Sendable {
    let reason: String
}
