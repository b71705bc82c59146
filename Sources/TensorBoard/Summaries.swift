// The events fmnist-tui writes, built as TensorBoard's own writers build them: scalars, images, plugin data.
import Foundation
import ProgramInfo
import SwiftProtobuf

enum Summaries {
    /// The version every event file starts with; TensorBoard checks the "brain.Event:" prefix.
    static let fileVersion = "brain.Event:2"

    /// The first event of a file.
    static func fileStart(wallTime: Double) -> Tensorboard_Event {
        Tensorboard_Event.with {
            $0.wallTime = wallTime
            $0.fileVersion = fileVersion
            $0.sourceMetadata.writer = ProgramInfo.nameAndVersion
        }
    }

    /// One event holding several scalars of the same step (TensorBoard's `simple_value`).
    static func scalars(_ values: [(tag: String, value: Double)], step: Int, wallTime: Double) -> Tensorboard_Event {
        event(step: step, wallTime: wallTime, values: values.map { scalar in
            Tensorboard_Summary.Value.with {
                $0.tag = scalar.tag
                $0.simpleValue = Float(scalar.value)
            }
        })
    }

    /// A PNG image, with a description TensorBoard shows beside it. Its plugin data names the images
    /// plugin (empty content: the plugin's defaults), as TensorBoard's reader expects of a value with metadata.
    static func image(tag: String, _ image: RGBImage, description: String, step: Int, wallTime: Double) -> Tensorboard_Event {
        event(step: step, wallTime: wallTime, values: [Tensorboard_Summary.Value.with {
            $0.tag = tag
            $0.metadata.summaryDescription = description
            $0.metadata.pluginData.pluginName = "images"
            $0.image = Tensorboard_Summary.Image.with {
                $0.width = Int32(image.width)
                $0.height = Int32(image.height)
                $0.colorspace = 3
                $0.encodedImageString = Data(image.png())
            }
        }])
    }

    /// A plugin's own message under `tag`, as its summary metadata, on the empty float tensor (shape [0])
    /// that TensorBoard's hparams summaries carry.
    static func pluginData(tag: String, plugin: String, content: some Message, wallTime: Double) throws -> Tensorboard_Event {
        let bytes: [UInt8] = try content.serializedBytes()
        return event(step: 0, wallTime: wallTime, values: [Tensorboard_Summary.Value.with {
            $0.tag = tag
            $0.metadata.pluginData.pluginName = plugin
            $0.metadata.pluginData.content = Data(bytes)
            $0.tensor = Tensorboard_TensorProto.with {
                $0.dtype = .dtFloat
                $0.tensorShape.dim = [Tensorboard_TensorShapeProto.Dim.with { $0.size = 0 }]
            }
        }])
    }

    private static func event(step: Int, wallTime: Double, values: [Tensorboard_Summary.Value]) -> Tensorboard_Event {
        Tensorboard_Event.with {
            $0.wallTime = wallTime
            $0.step = Int64(step)
            $0.summary.value = values
        }
    }
}
