// StateDict: the ordered name → tensor map a model file holds, plus string metadata.

/// Tensors in file order with lookup by name, and free-form string metadata
/// (safetensors `__metadata__`; empty for PyTorch files).
public struct StateDict: Sendable, Equatable {
    public let tensors: [NamedTensor]
    public var metadata: [String: String]
    private let indexByName: [String: Int]

    /// Names must be unique; a repeated name is a programming error.
    public init(tensors: [NamedTensor], metadata: [String: String] = [:]) {
        var indexByName: [String: Int] = [:]
        for (index, tensor) in tensors.enumerated() {
            precondition(indexByName.updateValue(index, forKey: tensor.name) == nil,
                         "tensor name '\(tensor.name)' appears twice")
        }
        self.tensors = tensors
        self.metadata = metadata
        self.indexByName = indexByName
    }

    public subscript(name: String) -> NamedTensor? {
        indexByName[name].map { tensors[$0] }
    }

    /// Tensor names in file order.
    public var names: [String] { tensors.map(\.name) }
}
