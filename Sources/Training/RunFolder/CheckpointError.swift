// Why weights cannot be loaded into a model: unknown, missing or unexpected tensors, wrong shapes, the other model.
import NeuralNet

public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case unknownModel(file: String, keys: [String])
    case missingKeys(file: String, keys: [String])
    case unexpectedKeys(file: String, keys: [String])
    case wrongShape(file: String, key: String, found: [Int], expected: [Int])
    case wrongModel(file: String, found: ModelKind, requested: ModelKind)

    public var description: String {
        switch self {
        case .unknownModel(let file, let keys):
            let shown = keys.isEmpty ? "none" : keys.prefix(8).joined(separator: ", ") + (keys.count > 8 ? ", …" : "")
            return "\(file): none of its tensors (\(shown)) belong to the FCNN or the CNN, whose state_dicts hold "
                + "fc1, fc2 and out (and conv1, conv2 for the CNN); is it a state_dict of the seed's FNet or convNet?"
        case .missingKeys(let file, let keys):
            return "\(file): missing tensors \(keys.joined(separator: ", ")); is it a checkpoint of this model?"
        case .unexpectedKeys(let file, let keys):
            return "\(file): unexpected tensors \(keys.joined(separator: ", ")); is it a checkpoint of this model?"
        case .wrongShape(let file, let key, let found, let expected):
            return "\(file): \(key) has shape \(found), the model needs \(expected)"
        case .wrongModel(let file, let found, let requested):
            return "\(file) holds \(found.displayName) weights, not \(requested.displayName); drop --model or pass --model \(found.rawValue)"
        }
    }
}
