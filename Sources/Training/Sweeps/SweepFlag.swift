// The train flags a sweep may vary, in the order the grid nests them (the first varies slowest), and
// what values each takes: numbers (lists or distributions) or choices (lists only).
import Foundation

public struct SweepFlag: Sendable, Hashable, Codable {
    public enum Kind: Sendable, Hashable, Codable {
        /// A number such as a learning rate: lists, uniform:A:B, loguniform:A:B, int:A:B.
        case real
        /// A whole number such as a batch size: lists, int:A:B.
        case integer
        /// One of named values (a model, true/false): lists only.
        case choice
    }

    /// The flag without its dashes: "lr", "batch-size".
    public let name: String
    /// Its key in config.json's "configuration": "learning_rate", "batch_size".
    public let configurationKey: String
    public let kind: Kind

    /// Every flag of `train` a sweep can vary, in grid order.
    public static let all: [SweepFlag] = [
        SweepFlag(name: "model", configurationKey: "model", kind: .choice),
        SweepFlag(name: "recipe", configurationKey: "recipe", kind: .choice),
        SweepFlag(name: "epochs", configurationKey: "epochs", kind: .integer),
        SweepFlag(name: "batch-size", configurationKey: "batch_size", kind: .integer),
        SweepFlag(name: "lr", configurationKey: "learning_rate", kind: .real),
        SweepFlag(name: "weight-decay", configurationKey: "weight_decay", kind: .real),
        SweepFlag(name: "label-smoothing", configurationKey: "label_smoothing", kind: .real),
        SweepFlag(name: "schedule", configurationKey: "schedule", kind: .choice),
        SweepFlag(name: "warmup-epochs", configurationKey: "warmup_epochs", kind: .real),
        SweepFlag(name: "normalize", configurationKey: "normalize_inputs", kind: .choice),
        SweepFlag(name: "flip", configurationKey: "flip_augmentation", kind: .choice),
        SweepFlag(name: "crop-padding", configurationKey: "crop_padding", kind: .integer),
        SweepFlag(name: "erase-probability", configurationKey: "erase_probability", kind: .real),
        SweepFlag(name: "seed", configurationKey: "seed", kind: .integer),
        SweepFlag(name: "train-limit", configurationKey: "train_limit", kind: .integer),
    ]

    public static func named(_ name: String) -> SweepFlag? { all.first { $0.name == name } }

    /// "--lr", as messages name it.
    public var spelled: String { "--" + name }
}
