// `fmnist-tui dashboard` (and plain `fmnist-tui`): train the models and watch them live in the terminal.
import ArgumentParser
import Dashboard
import FashionMNIST
import Foundation
import NcursesTerminal
import NeuralNet
import ProgramInfo
import TerminalUI
import Training

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Train the FCNN and the CNN side by side and watch them live in the terminal (the default); --watch only watches the runs folder.",
        discussion: """
            Each model trains in its own run folder; while both train each gets one core, and a paused or \
            finished model leaves its core to the other.

            \(KeyTable.commandLineHelp())
            """)

    @Option(help: "Models to train, comma-separated (fcnn, cnn).") var models: String?
    @Option(help: "Hyperparameter preset: \(Recipe.choices).") var recipe: Recipe = .seed
    @Option(help: "Epochs to train (default: the recipe's, seed \(Recipe.seed.epochs), improved \(Recipe.improved.epochs), fast \(Recipe.fast.epochs); with --resume, the run's plan).")
    var epochs: Int?
    @Option(help: "Train on the first N of the 48,000 training images.") var trainLimit: Int?
    @Option(name: .customLong("lr"), help: "Learning rate of the new runs (default: the recipe's).") var learningRate: Double?
    @Option(help: "Colour theme: a file of themes/ without .theme (dark, light, high-contrast, mono).") var theme: String?
    @OptionGroup var data: DataOptions
    @OptionGroup var runs: RunsOptions
    @OptionGroup var tensorboard: TensorBoardOptions
    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Continue one or two earlier runs (id, unique prefix or folder) instead of new ones.",
                               valueName: "run"))
    var resume: [String] = []
    @Flag(help: "Train nothing: open on the runs view and watch every run in the runs folder live (read-only).")
    var watch = false

    /// `--epochs` and `--train-limit` are checked by building the new runs' configurations (resumed runs'
    /// are checked with their other settings by `Trainer.resume`).
    func validate() throws {
        for kind in try modelKinds() { try newConfiguration(kind, cores: 1).validateFlags() }
        if resume.count > 2 { throw ValidationError("--resume takes one or two runs, got \(resume.count)") }
        if watch, !resume.isEmpty || models != nil || tensorboard.tensorboard != nil {
            throw ValidationError("--watch trains nothing: it cannot be combined with --resume, --models or --tensorboard")
        }
        if !resume.isEmpty, models != nil {
            throw ValidationError("--models and --resume cannot be combined: a resumed run keeps its model")
        }
        if !resume.isEmpty, learningRate != nil {
            throw ValidationError("--lr and --resume cannot be combined: a resumed run keeps its learning rate")
        }
    }

    /// A new run's settings: the recipe's, with the flags given.
    func newConfiguration(_ kind: ModelKind, cores: Int) -> TrainingConfiguration {
        var configuration = TrainingConfiguration(model: kind, recipe: recipe)
        configuration.epochs = epochs ?? configuration.epochs
        configuration.trainLimit = trainLimit
        configuration.learningRate = learningRate ?? configuration.learningRate
        configuration.threads = cores
        return configuration
    }

    /// The models of `--models`, in order.
    func modelKinds() throws -> [ModelKind] {
        let names = (models ?? "fcnn,cnn").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var kinds = [ModelKind]()
        for name in names {
            guard let kind = ModelKind(rawValue: name) else {
                throw ValidationError("--models: unknown model '\(name)' (use fcnn, cnn or fcnn,cnn)")
            }
            if kinds.contains(kind) { throw ValidationError("--models lists \(name) twice") }
            kinds.append(kind)
        }
        if kinds.isEmpty { throw ValidationError("--models names no model (use fcnn, cnn or fcnn,cnn)") }
        return kinds
    }

    func run() async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw UserFacingError(description: "the dashboard needs a terminal; for training without one use `\(CommandName.current) train`")
        }
        let catalog = ThemeCatalog(directory: ThemesFolder.locate().path)
        let loadedTheme = try catalog.load(named: theme ?? Theme.default.name)
        Warnings.print(loadedTheme.warnings)
        if watch {
            try await watchRuns(themes: catalog, theme: loadedTheme.theme)
            return
        }
        let dataset = try data.load()
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let warnings = DeferredWarnings()
        // The runs it opens with and those of the new-run form (`n`) are made the same way.
        let tensorboard = self.tensorboard
        let starter = DashboardRunStarter(dataset: dataset, runsDirectory: runs.url, trainLimit: trainLimit, threads: cores) {
            try tensorboard.dashboardTrainer($0, warnings: warnings)
        }
        let trainers = try resume.isEmpty ? modelKinds().map { try starter.makeTrainer(newConfiguration($0, cores: cores)) }
            : resumedTrainers(dataset: dataset)
        var state = DashboardState(models: trainers.map(ModelRunState.init(trainer:)), testImages: dataset.test,
                                   themeNames: catalog.names(), themeName: loadedTheme.theme.name, cores: cores)
        state.runsFolderFlag = runs.suggestedFlag
        let handles = try trainers.map { try tensorboard.dashboardTrainer($0, warnings: warnings) }
        let session = DashboardSession(state: state, trainers: handles, themes: catalog,
                                       theme: loadedTheme.theme, runsDirectory: runs.url, runStarter: starter)
        try await session.run { NcursesTerminal() }
        for model in session.state.models {
            // A diverged run is an error of its settings (the learning rate): said on stderr.
            if case .diverged = model.phase {
                FileHandle.standardError.write(Data("error: \(Self.summary(model, runs: runs))\n".utf8))
            } else {
                print(Self.summary(model, runs: runs))
            }
        }
        warnings.printAll()
    }

    /// `--watch`: the runs view over the runs folder, no trainer; quitting leaves every run as it is.
    private func watchRuns(themes: ThemeCatalog, theme: Theme) async throws {
        var state = DashboardState(models: [], testImages: LabeledImages(pixels: [], labels: []), themeNames: themes.names(),
                                   themeName: theme.name, cores: 1)
        state.screen = .runs
        state.runsFolderFlag = runs.suggestedFlag
        let session = DashboardSession(state: state, trainers: [], themes: themes, theme: theme, runsDirectory: runs.url)
        try await session.run { NcursesTerminal() }
    }

    private func resumedTrainers(dataset: FashionMNIST) throws -> [Trainer] {
        try resume.map { reference in
            let trainer = try Trainer.resume(runs.record(named: reference), dataset: dataset, epochs: epochs)
            DashboardRunStarter.prepare(trainer)
            return trainer
        }
    }

    /// What became of a model's run, printed once the terminal is back.
    static func summary(_ model: ModelRunState, runs: RunsOptions) -> String {
        let name = model.model.displayName.padding(toLength: 5, withPad: " ", startingAt: 0)
        let run = model.runID ?? "?"
        switch model.phase {
        case .finished:
            let accuracy = model.testAccuracy.map { String(format: "%.2f %%", 100 * $0) } ?? "-"
            return "\(name) finished \(model.completedEpochs) epochs, test accuracy \(accuracy) (best epoch \(model.bestEpoch)): \(run)"
        case .failed(let message):
            return "\(name) failed: \(message) (\(run))"
        case .diverged(let message):
            return "\(message) (\(run))"
        case .starting, .training, .paused, .stopped:
            guard model.completedEpochs > 0 else { return "\(name) stopped in its first epoch; nothing to resume (\(run))" }
            return "\(name) stopped after \(model.completedEpochs)/\(model.plannedEpochs) epochs; resume: \(CommandName.current) resume \(run)\(runs.suggestedFlag)"
        }
    }
}
