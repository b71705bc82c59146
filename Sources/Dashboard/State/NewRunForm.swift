// NewRunForm: the form `n` opens to start a run from the dashboard (#12): model, recipe, epochs, learning
// rate, batch size and seed, its defaults taken from a run, edited field by field, checked as `train` checks.
import NeuralNet
import Training

public struct NewRunForm: Sendable, Equatable {
    /// The form's fields, top to bottom.
    public enum Field: Int, CaseIterable, Sendable {
        case model, recipe, epochs, learningRate, batchSize, seed

        public var label: String {
            switch self {
            case .model: "model"
            case .recipe: "recipe"
            case .epochs: "epochs"
            case .learningRate: "learning rate"
            case .batchSize: "batch size"
            case .seed: "seed"
            }
        }

        /// The field `TrainingConfiguration.validate()` means by a flag it names.
        init?(flag: String) {
            switch flag {
            case "--epochs", "--warmup-epochs": self = .epochs
            case "--lr": self = .learningRate
            case "--batch-size": self = .batchSize
            default: return nil
            }
        }
    }

    /// A value that cannot start a run: the field and why, shown under the fields.
    public struct Problem: Error, Sendable, Equatable {
        public var field: Field
        public var message: String
    }

    public var model: ModelKind
    public var recipe: Recipe
    /// The number fields as typed.
    public var epochs: String
    public var learningRate: String
    public var batchSize: String
    public var seed: String
    public var focus = Field.model
    /// The next character typed replaces the focused field's text (as a selected field does) rather than adding to it.
    public var replacesOnType = true
    public var problem: Problem?
    /// The run the defaults came from, for the form's last line.
    public var sourceRunID: String?

    /// A form holding `configuration`'s values.
    public init(_ configuration: TrainingConfiguration, sourceRunID: String?) {
        model = configuration.model
        recipe = configuration.recipe
        epochs = String(configuration.epochs)
        learningRate = Self.format(configuration.learningRate)
        batchSize = String(configuration.batchSize)
        seed = String(configuration.seed)
        self.sourceRunID = sourceRunID
    }

    /// The defaults of a run read from its folder: its model, recipe and planned epochs and the settings it
    /// recorded; what it lacks (a garbled config.json) is the seed recipe's.
    public init(run: RunSummary) {
        var configuration = TrainingConfiguration(model: run.model ?? .fcnn, recipe: run.recipe.flatMap(Recipe.init) ?? .seed)
        configuration.epochs = run.plannedEpochs ?? configuration.epochs
        if let rate = run.settings["learning_rate"].flatMap(Double.init) { configuration.learningRate = rate }
        if let batch = run.settings["batch_size"].flatMap(Int.init) { configuration.batchSize = batch }
        if let seed = run.settings["seed"].flatMap(UInt64.init) { configuration.seed = seed }
        self.init(configuration, sourceRunID: run.id)
    }

    /// The text of a field as the form shows it.
    public func text(of field: Field) -> String {
        switch field {
        case .model: model.rawValue
        case .recipe: recipe.rawValue
        case .epochs: epochs
        case .learningRate: learningRate
        case .batchSize: batchSize
        case .seed: seed
        }
    }

    /// Moves the focus by `step` fields, wrapping around.
    mutating func moveFocus(by step: Int) {
        focus = Self.cycle(focus, by: step)
        replacesOnType = true
    }

    /// ←/→: the previous or next choice of a choice field, one step down or up for a number
    /// (the learning rate by a factor of 10, the batch size by 2).
    mutating func step(by direction: Int) {
        problem = nil
        replacesOnType = true
        switch focus {
        case .model: model = Self.cycle(model, by: direction)
        case .recipe: recipe = Self.cycle(recipe, by: direction)
        case .epochs: epochs = Self.stepped(epochs, by: direction, minimum: 1)
        case .seed: seed = Self.stepped(seed, by: direction, minimum: 0)
        case .batchSize:
            guard let value = Int(batchSize) else { return }
            batchSize = String(max(1, direction > 0 ? value * 2 : value / 2))
        case .learningRate:
            guard let value = Double(learningRate), value > 0 else { return }
            learningRate = Self.format(direction > 0 ? value * 10 : value / 10)
        }
    }

    /// A character typed into a number field (others ignore it): digits, and for the learning rate `.`, `e`, `-`.
    mutating func type(_ character: Character) {
        let allowed = focus == .learningRate ? "0123456789.eE-+" : "0123456789"
        guard allowed.contains(character), focus.rawValue >= Field.epochs.rawValue else { return }
        problem = nil
        let current = replacesOnType ? "" : text(of: focus)
        replacesOnType = false
        setText(current + String(character))
    }

    /// Backspace: deletes the last character of a number field.
    mutating func deleteBackward() {
        guard focus.rawValue >= Field.epochs.rawValue else { return }
        problem = nil
        replacesOnType = false
        setText(String(text(of: focus).dropLast()))
    }

    /// The run's settings when every field can start one, checked by `TrainingConfiguration.validate()`
    /// as `train` checks its flags; otherwise the first field that cannot, and why.
    public func configuration() -> Result<TrainingConfiguration, Problem> {
        var configuration = TrainingConfiguration(model: model, recipe: recipe)
        guard let epochs = Int(epochs) else { return .failure(wholeNumberProblem(.epochs)) }
        guard let learningRate = Double(learningRate) else {
            return .failure(Problem(field: .learningRate, message: "learning rate \(quoted(self.learningRate)): not a number such as 0.001"))
        }
        guard let batchSize = Int(batchSize) else { return .failure(wholeNumberProblem(.batchSize)) }
        guard let seed = UInt64(seed) else { return .failure(wholeNumberProblem(.seed)) }
        configuration.epochs = epochs
        configuration.learningRate = learningRate
        configuration.batchSize = batchSize
        configuration.seed = seed
        do {
            try configuration.validate()
        } catch {
            guard case .invalid(let flag, let value, let reason) = error else { return .failure(Problem(field: focus, message: "\(error)")) }
            let field = Field(flag: flag) ?? focus
            return .failure(Problem(field: field, message: "\(field.label) \(value): \(reason)"))
        }
        return .success(configuration)
    }

    private func wholeNumberProblem(_ field: Field) -> Problem {
        Problem(field: field, message: "\(field.label) \(quoted(text(of: field))): not a whole number\(field == .seed ? " (0 or more)" : "")")
    }

    private func quoted(_ text: String) -> String { text.isEmpty ? "(empty)" : text }

    private mutating func setText(_ text: String) {
        switch focus {
        case .epochs: epochs = text
        case .learningRate: learningRate = text
        case .batchSize: batchSize = text
        case .seed: seed = text
        case .model, .recipe: break
        }
    }

    private static func cycle<Value: CaseIterable & Equatable>(_ value: Value, by step: Int) -> Value {
        let all = Array(Value.allCases)
        let index = all.firstIndex(of: value) ?? 0
        return all[((index + step) % all.count + all.count) % all.count]
    }

    private static func stepped(_ text: String, by step: Int, minimum: Int) -> String {
        guard let value = Int(text) else { return text }
        return String(max(minimum, value + step))
    }

    /// 0.001 rather than 1e-03; Swift's shortest round-tripping form otherwise.
    static func format(_ rate: Double) -> String {
        let text = "\(rate)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
