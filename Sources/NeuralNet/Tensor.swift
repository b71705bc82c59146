// A float32 tensor: a shape over manually managed, reusable memory.
import Foundation

/// Row-major float32 storage with a shape. Capacity only grows, so a layer that reshapes its
/// output each step (same or smaller batch) never allocates inside the training loop.
public final class Tensor: @unchecked Sendable {
    public private(set) var shape: [Int]
    public private(set) var data: UnsafeMutablePointer<Float>
    private var capacity: Int

    public var count: Int { shape.reduce(1, *) }
    /// The first dimension: images in a batch.
    public var batch: Int { shape.first ?? 0 }
    /// Elements per batch item.
    public var itemSize: Int { shape.dropFirst().reduce(1, *) }

    public init(shape: [Int]) {
        self.shape = shape
        capacity = max(1, shape.reduce(1, *))
        data = .allocate(capacity: capacity)
        data.initialize(repeating: 0, count: capacity)
    }

    public convenience init(shape: [Int], values: [Float]) {
        precondition(values.count == shape.reduce(1, *), "values do not fill shape \(shape)")
        self.init(shape: shape)
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { data.deallocate() }

    /// Sets a new shape, growing the storage only when it is too small (contents then undefined).
    public func resize(to newShape: [Int]) {
        let needed = newShape.reduce(1, *)
        if needed > capacity {
            data.deallocate()
            capacity = needed
            data = .allocate(capacity: capacity)
            data.initialize(repeating: 0, count: capacity)
        }
        shape = newShape
    }

    /// Same elements, another shape of equal count (a view-free reshape, e.g. flatten).
    public func reshape(to newShape: [Int]) {
        precondition(newShape.reduce(1, *) == count, "reshape \(shape) → \(newShape) changes the count")
        shape = newShape
    }

    public var values: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    public subscript(index: Int) -> Float {
        get { data[index] }
        set { data[index] = newValue }
    }

}
