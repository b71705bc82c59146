// A run as TensorBoard's HParams plugin sees it: its settings as hyperparameters, best validation loss and
// test accuracy as metrics; with one folder per run, the plugin shows a whole sweep as one table.
import Foundation
import SwiftProtobuf
import Training

enum HParams {
    static let plugin = "hparams"
    static let experimentTag = "_hparams_/experiment"
    static let sessionStartTag = "_hparams_/session_start_info"
    static let sessionEndTag = "_hparams_/session_end_info"

    /// The metrics: scalar series every run writes; the plugin takes each series' last value.
    static let metrics: [(tag: String, description: String, dataset: Tensorboard_Hparams_DatasetType)] = [
        (RunScalars.bestValidLoss, "lowest validation loss so far; the weights of that epoch are scored on the test set",
         .datasetValidation),
        (RunScalars.testAccuracy, "test accuracy of the best weights, once the run has finished", .datasetUnknown),
    ]

    /// Every setting of `configuration` under its config.json name; train_limit only when set.
    static func values(of configuration: TrainingConfiguration) -> [String: Google_Protobuf_Value] {
        func number(_ value: some BinaryInteger) -> Google_Protobuf_Value { Google_Protobuf_Value(numberValue: Double(value)) }
        func number(_ value: Double) -> Google_Protobuf_Value { Google_Protobuf_Value(numberValue: value) }
        func text(_ value: String) -> Google_Protobuf_Value { Google_Protobuf_Value(stringValue: value) }
        func flag(_ value: Bool) -> Google_Protobuf_Value { Google_Protobuf_Value(boolValue: value) }
        var values = [
            "model": text(configuration.model.rawValue), "recipe": text(configuration.recipe.rawValue),
            "epochs": number(configuration.epochs), "batch_size": number(configuration.batchSize),
            "learning_rate": number(configuration.learningRate), "weight_decay": number(configuration.weightDecay),
            "label_smoothing": number(configuration.labelSmoothing), "schedule": text(configuration.schedule.rawValue),
            "warmup_epochs": number(configuration.warmupEpochs), "normalize_inputs": flag(configuration.normalizeInputs),
            "flip_augmentation": flag(configuration.flipAugmentation), "crop_padding": number(configuration.cropPadding),
            "erase_probability": number(configuration.eraseProbability),
            "full_train": flag(configuration.fullTrain), "seed": number(configuration.seed),
            "threads": number(configuration.threads),
        ]
        if let limit = configuration.trainLimit { values["train_limit"] = number(limit) }
        return values
    }

    /// The experiment (which hyperparameters and metrics there are) and the session start (this run's
    /// values). Every run writes both, so any of them describes a sweep of runs with the same settings.
    static func start(_ configuration: TrainingConfiguration, runFolder: URL?, wallTime: Double) throws -> [Tensorboard_Event] {
        let values = values(of: configuration)
        var names = values.mapValues(dataType)
        names["train_limit"] = .float64
        let experiment = Tensorboard_Hparams_Experiment.with { experiment in
            experiment.timeCreatedSecs = wallTime
            experiment.hparamInfos = names.keys.sorted().map { name in
                Tensorboard_Hparams_HParamInfo.with {
                    $0.name = name
                    $0.type = names[name]!
                }
            }
            experiment.metricInfos = metrics.map { metric in
                Tensorboard_Hparams_MetricInfo.with {
                    $0.name.tag = metric.tag
                    $0.description_p = metric.description
                    $0.datasetType = metric.dataset
                }
            }
        }
        let session = Tensorboard_Hparams_SessionStartInfo.with {
            $0.hparams = values
            $0.modelUri = runFolder?.path ?? ""
            $0.startTimeSecs = wallTime
        }
        return [try pluginEvent(experimentTag, wallTime) { $0.experiment = experiment },
                try pluginEvent(sessionStartTag, wallTime) { $0.sessionStartInfo = session }]
    }

    /// The session's end: finished or failed.
    static func end(_ status: Tensorboard_Hparams_Status, wallTime: Double) throws -> Tensorboard_Event {
        try pluginEvent(sessionEndTag, wallTime) {
            $0.sessionEndInfo = Tensorboard_Hparams_SessionEndInfo.with {
                $0.status = status
                $0.endTimeSecs = wallTime
            }
        }
    }

    private static func pluginEvent(_ tag: String, _ wallTime: Double,
                                    _ fill: (inout Tensorboard_Hparams_HParamsPluginData) -> Void) throws -> Tensorboard_Event {
        var data = Tensorboard_Hparams_HParamsPluginData()
        data.version = 0   // the only version TensorBoard reads
        fill(&data)
        return try Summaries.pluginData(tag: tag, plugin: plugin, content: data, wallTime: wallTime)
    }

    private static func dataType(_ value: Google_Protobuf_Value) -> Tensorboard_Hparams_DataType {
        switch value.kind {
        case .stringValue: .string
        case .boolValue: .bool
        default: .float64
        }
    }
}
