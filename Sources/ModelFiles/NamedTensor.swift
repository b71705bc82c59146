// NamedTensor: one named float32 tensor as stored in a model file, row-major and contiguous.

/// A float32 tensor with its state_dict name, e.g. `fc1.weight` of shape `[512, 784]`.
public struct NamedTensor: Sendable, Equatable {
    public var name: String
    /// Sizes, outermost first. `[]` is a scalar with one value.
    public var shape: [Int]
    /// Row-major, contiguous: `values.count == shape.reduce(1, *)`.
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative size in shape \(shape) of '\(name)'")
        precondition(shape.reduce(1, *) == values.count,
                     "shape \(shape) of '\(name)' needs \(shape.reduce(1, *)) values, got \(values.count)")
        self.name = name
        self.shape = shape
        self.values = values
    }

    public var elementCount: Int { values.count }
}
