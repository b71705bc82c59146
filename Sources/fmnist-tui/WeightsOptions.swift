// Options naming a weights file (.pth or .safetensors) and its model, and loading it with strict checks.
import ArgumentParser
import Foundation
import ModelFiles
import NeuralNet
import Training

struct WeightsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Weights to read: a PyTorch state_dict (.pth) or a .safetensors file.",
                               valueName: "file"))
    var weights: String

    @Option(help: "Model the weights belong to: fcnn or cnn (default: inferred from the tensor names).")
    var model: ModelKind?

    var url: URL { URL(fileURLWithPath: weights) }

    /// A network holding the file's weights; every tensor name and shape must be the model's.
    func loadNetwork() throws -> Network {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: weights, isDirectory: &isFolder) else {
            throw ModelFileError.cannotRead(file: weights, reason: "no such file")
        }
        guard !isFolder.boolValue else { throw ModelFileError.cannotRead(file: weights, reason: "it is a folder") }
        let stateDict = try Checkpoint.read(url)
        let kind = try Checkpoint.resolveModel(stateDict, requested: model, file: weights)
        let network = Network(kind)
        try Checkpoint.load(stateDict, into: network, file: weights)
        return network
    }
}
