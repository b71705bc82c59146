// A network's weights as a StateDict with PyTorch's key names, and loading one back with checks.
import Foundation
import ModelFiles
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
            return "\(file): its keys (\(keys.prefix(8).joined(separator: ", "))) fit neither the FCNN nor the CNN; "
                + "pass --model fcnn|cnn if it is one of them"
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

public enum Checkpoint {
    /// The network's parameters under PyTorch's names, in state_dict order.
    public static func stateDict(of network: Network, metadata: [String: String] = [:]) -> StateDict {
        StateDict(tensors: network.stateDict().map { NamedTensor(name: $0.name, shape: $0.shape, values: $0.values) },
                  metadata: metadata)
    }

    /// The model whose parameter names the file has: conv keys make it the CNN.
    public static func inferModel(_ dict: StateDict, file: String) throws(CheckpointError) -> ModelKind {
        let names = Set(dict.names)
        for kind in ModelKind.allCases where Set(kind.parameterSpecs.map(\.0)) == names { return kind }
        throw .unknownModel(file: file, keys: dict.names)
    }

    /// Copies the file's tensors into `network` after checking every key and shape (strict, as
    /// PyTorch's `load_state_dict(strict=True)`).
    public static func load(_ dict: StateDict, into network: Network, file: String) throws(CheckpointError) {
        let expected = network.kind.parameterSpecs
        let missing = expected.map(\.0).filter { dict[$0] == nil }
        if !missing.isEmpty {
            if let found = try? inferModel(dict, file: file), found != network.kind {
                throw .wrongModel(file: file, found: found, requested: network.kind)
            }
            throw .missingKeys(file: file, keys: missing)
        }
        let unexpected = dict.names.filter { name in !expected.contains { $0.0 == name } }
        if !unexpected.isEmpty { throw .unexpectedKeys(file: file, keys: unexpected) }
        for (name, shape) in expected {
            let tensor = dict[name]!
            guard tensor.shape == shape else { throw .wrongShape(file: file, key: name, found: tensor.shape, expected: shape) }
        }
        for (name, _) in expected { network.store.write(network.store[name], dict[name]!.values) }
    }

    /// Reads a `.pth` (PyTorch zip) or `.safetensors` file by its contents.
    public static func read(_ url: URL) throws -> StateDict {
        let handle = try? FileHandle(forReadingFrom: url)
        let magic = (try? handle?.read(upToCount: 4)) ?? nil
        try? handle?.close()
        if let magic, magic.starts(with: [0x50, 0x4B]) { return try PyTorchCheckpoint.read(contentsOf: url) }
        return try SafeTensorsFile.read(contentsOf: url)
    }
}
