// The columns of the runs table: their names (for sorting, filters and headers), and each run's cell in them.
import Foundation

/// A cell's value for sorting and filter conditions: numbers compare as numbers (accuracies in percent, as
/// shown), everything else as text.
public enum RunCellValue: Sendable, Equatable {
    case number(Double)
    case text(String)
}

public enum RunColumn: Hashable, Sendable {
    case id, model, recipe
    /// A setting, by its config.json key ("learning_rate").
    case setting(String)
    /// Epochs done of planned ("41/50"); its value is the epochs done.
    case epochs
    case bestValidLoss, bestEpoch, validAccuracy, testAccuracy, lastTestAccuracy
    case state, sweep, trial, started
    /// Why the run's settings could not be read.
    case problem

    /// Every column but the settings, in table order.
    public static let fixed: [RunColumn] = [.id, .model, .recipe, .epochs, .bestValidLoss, .bestEpoch, .validAccuracy,
                                            .testAccuracy, .lastTestAccuracy, .state, .sweep, .trial, .started, .problem]

    /// Short names of the settings, in the order their columns appear; other keys are named as they are.
    /// model, recipe and epochs have columns of their own.
    public static let settingNames: KeyValuePairs<String, String> = [
        "learning_rate": "lr", "batch_size": "batch", "weight_decay": "wd", "label_smoothing": "smoothing",
        "schedule": "schedule", "warmup_epochs": "warmup", "normalize_inputs": "normalize",
        "flip_augmentation": "flip", "crop_padding": "crop",
        "erase_probability": "erase", "full_train": "full_train", "seed": "seed",
        "train_limit": "train_limit", "threads": "threads",
    ]
    static let ownColumnSettings: Set = ["model", "recipe", "epochs"]

    /// The name `--sort`, filter conditions and headers use: "lr", "best_valid_loss", "test_acc", …
    public var key: String {
        switch self {
        case .id: return "id"
        case .model: return "model"
        case .recipe: return "recipe"
        case .setting(let key): return Self.settingNames.first { $0.key == key }?.value ?? key
        case .epochs: return "epochs"
        case .bestValidLoss: return "best_valid_loss"
        case .bestEpoch: return "best_epoch"
        case .validAccuracy: return "valid_acc"
        case .testAccuracy: return "test_acc"
        case .lastTestAccuracy: return "last_test_acc"
        case .state: return "state"
        case .sweep: return "sweep"
        case .trial: return "trial"
        case .started: return "started"
        case .problem: return "problem"
        }
    }

    /// The header: the key with spaces ("best valid loss").
    public var title: String { key.replacingOccurrences(of: "_", with: " ") }

    /// Numbers are right-aligned.
    public var isNumeric: Bool {
        switch self {
        case .epochs, .bestValidLoss, .bestEpoch, .validAccuracy, .testAccuracy, .lastTestAccuracy, .trial: return true
        default: return false
        }
    }

    /// The column a name means: a column's key, a setting's short name or config.json key (any key in
    /// `settingKeys` too); nil when none.
    public static func named(_ name: String, settingKeys: Set<String> = []) -> RunColumn? {
        let name = name.lowercased()
        if let column = fixed.first(where: { $0.key == name }) { return column }
        if let setting = settingNames.first(where: { $0.value == name || $0.key == name }) { return .setting(setting.key) }
        if settingKeys.contains(name) && !ownColumnSettings.contains(name) { return .setting(name) }
        return nil
    }

    /// The run's value in this column; nil when it has none (an unfinished run's test accuracy).
    public func value(of run: RunSummary) -> RunCellValue? {
        func number(_ value: Double?) -> RunCellValue? { value.map { .number($0) } }
        func text(_ value: String?) -> RunCellValue? { value.map { .text($0) } }
        switch self {
        case .id: return .text(run.id)
        case .model: return text(run.model?.rawValue)
        case .recipe: return text(run.recipe)
        case .setting(let key): return run.settings[key].map { Double($0).map(RunCellValue.number) ?? .text($0) }
        case .epochs: return .number(Double(run.epochsDone))
        case .bestValidLoss: return number(run.bestValidLoss)
        case .bestEpoch: return number(run.bestEpoch.map(Double.init))
        case .validAccuracy: return number(run.bestValidAccuracy.map(Self.percent))
        case .testAccuracy: return number(run.testAccuracy.map(Self.percent))
        case .lastTestAccuracy: return number(run.lastTestAccuracy.map(Self.percent))
        case .state: return .text(run.status.rawValue)
        case .sweep: return text(run.sweepID)
        case .trial: return number(run.sweepTrial.map(Double.init))
        case .started: return text(run.started.map(LocalTime.minutes))
        case .problem: return text(run.problem)
        }
    }

    /// A fraction as the percentage shown, to two decimals: `test_acc=91.23` matches "91.23 %".
    static func percent(_ fraction: Double) -> Double { (fraction * 10_000).rounded() / 100 }

    /// The run's cell as shown: "41/50", "0.2011 (38)", "93.21 %", "–" when absent.
    public func text(of run: RunSummary) -> String {
        switch self {
        case .setting(let key): return run.settings[key] ?? "–"
        case .epochs: return "\(run.epochsDone)/\(run.plannedEpochs.map(String.init) ?? "?")"
        case .bestValidLoss:
            return run.bestValidation.map { String(format: "%.4f (%d)", $0.loss, $0.epoch) } ?? "–"
        case .validAccuracy, .testAccuracy, .lastTestAccuracy:
            guard case .number(let percent)? = value(of: run) else { return "–" }
            return String(format: "%.2f %%", percent)
        case .bestEpoch, .trial:
            guard case .number(let number)? = value(of: run) else { return "–" }
            return String(Int(number))
        default:
            guard case .text(let text)? = value(of: run) else { return "–" }
            return text
        }
    }
}
