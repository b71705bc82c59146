// A network's weights as a StateDict with PyTorch's key names, and loading one back with checks.
import Foundation
import ModelFiles
import NeuralNet

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

    /// The model to load the file into: `requested` when given (a file that is exactly the other model
    /// is `wrongModel`), else the model whose keys the file has, else the model its keys differ least
    /// from, so that `load` can name the missing or unexpected tensors. `unknownModel` when no key fits.
    public static func resolveModel(_ dict: StateDict, requested: ModelKind?, file: String) throws(CheckpointError) -> ModelKind {
        let exactMatch = try? inferModel(dict, file: file)
        if let requested {
            if let exactMatch, exactMatch != requested {
                throw .wrongModel(file: file, found: exactMatch, requested: requested)
            }
            return requested
        }
        if let exactMatch { return exactMatch }
        let names = Set(dict.names)
        let candidates = ModelKind.allCases.filter { kind in kind.parameterSpecs.contains { names.contains($0.0) } }
        let differences = { (kind: ModelKind) in names.symmetricDifference(kind.parameterSpecs.map(\.0)).count }
        guard let closest = candidates.min(by: { differences($0) < differences($1) }) else {
            throw .unknownModel(file: file, keys: dict.names)
        }
        return closest
    }

    /// Copies the file's tensors into `network` after checking every key and shape (strict, as
    /// PyTorch's `load_state_dict(strict=True)`).
    public static func load(_ dict: StateDict, into network: Network, file: String) throws(CheckpointError) {
        if let found = try? inferModel(dict, file: file), found != network.kind {
            throw .wrongModel(file: file, found: found, requested: network.kind)
        }
        let expected = network.kind.parameterSpecs
        let missing = expected.map(\.0).filter { dict[$0] == nil }
        if !missing.isEmpty { throw .missingKeys(file: file, keys: missing) }
        let unexpected = dict.names.filter { name in !expected.contains { $0.0 == name } }
        if !unexpected.isEmpty { throw .unexpectedKeys(file: file, keys: unexpected) }
        for (name, shape) in expected {
            let tensor = dict[name]!
            guard tensor.shape == shape else { throw .wrongShape(file: file, key: name, found: tensor.shape, expected: shape) }
        }
        for (name, _) in expected { network.store.write(network.store[name], dict[name]!.values) }
    }

    /// Reads a `.pth` (PyTorch zip) or `.safetensors` file, told apart by their first bytes: a zip starts
    /// with "PK", safetensors with an 8-byte length and then "{". A file that is neither is read as the
    /// format its extension names (PyTorch unless `.safetensors`), so the error says what is wrong with it.
    public static func read(_ url: URL) throws -> StateDict {
        let handle = try? FileHandle(forReadingFrom: url)
        let leadingBytes = [UInt8]((try? handle?.read(upToCount: 9)) ?? Data())
        try? handle?.close()
        if leadingBytes.starts(with: [0x50, 0x4B]) { return try PyTorchCheckpoint.read(contentsOf: url) }
        let looksLikeSafeTensors = leadingBytes.count == 9 && leadingBytes[8] == UInt8(ascii: "{")
        if looksLikeSafeTensors || url.pathExtension.lowercased() == "safetensors" {
            return try SafeTensorsFile.read(contentsOf: url)
        }
        return try PyTorchCheckpoint.read(contentsOf: url)
    }
}
