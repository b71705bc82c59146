// A float32 tensor: a shape over manually managed, reusable memory, or a view of another tensor's.
import Foundation

/// Row-major float32 storage with a shape. A tensor either owns its storage, whose capacity only
/// grows so that a layer that resizes its output each step (same or smaller batch) never allocates
/// inside the training loop, or is a view: another shape over a tensor's storage (see `view(as:)`).
public final class Tensor: @unchecked Sendable {
    public private(set) var shape: [Int]
    private let storage: Storage
    /// True for a view, which may not resize the storage it shares.
    public let isView: Bool

    /// The first element, for the engine's kernels only.
    var data: UnsafeMutablePointer<Float> { storage.pointer }
    public var count: Int { shape.reduce(1, *) }
    /// The first dimension: images in a batch.
    public var batch: Int { shape.first ?? 0 }
    /// Elements per batch item.
    public var itemSize: Int { shape.dropFirst().reduce(1, *) }

    public init(shape: [Int]) {
        self.shape = shape
        storage = Storage(capacity: shape.reduce(1, *))
        isView = false
    }

    public convenience init(shape: [Int], values: [Float]) {
        precondition(values.count == shape.reduce(1, *), "values do not fill shape \(shape)")
        self.init(shape: shape)
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: values.count) }
    }

    private init(viewing base: Tensor, shape: [Int]) {
        self.shape = shape
        storage = base.storage
        isView = true
    }

    /// Rows of zeros with a 1 at `hot[row]`: (rows, width), e.g. the logits gradient that
    /// back-propagates one class's logit, ∂y_c/∂y.
    public static func oneHot(_ hot: [Int], width: Int) -> Tensor {
        let tensor = Tensor(shape: [hot.count, width])
        for (row, column) in hot.enumerated() {
            precondition(column >= 0 && column < width, "one-hot column \(column) outside 0..<\(width)")
            tensor[row * width + column] = 1
        }
        return tensor
    }

    /// A tensor of its own with the same shape and elements.
    public func copy() -> Tensor { Tensor(shape: shape, values: values) }

    /// Sets a new shape, growing the storage only when it is too small (contents then undefined).
    /// Views of this tensor see the new storage, but keep their own shape.
    public func resize(to newShape: [Int]) {
        precondition(!isView, "a view cannot resize the storage it shares")
        storage.reserve(newShape.reduce(1, *))
        shape = newShape
    }

    /// The same elements under another shape of equal count, without copying (e.g. flatten). The
    /// view is valid until this tensor is resized; writing through it writes this tensor.
    public func view(as newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == count, "view \(shape) → \(newShape) changes the count")
        return Tensor(viewing: self, shape: newShape)
    }

    /// A copy of the elements.
    public var values: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    public subscript(index: Int) -> Float {
        get {
            precondition(index >= 0 && index < count, "index \(index) outside \(shape)")
            return data[index]
        }
        set {
            precondition(index >= 0 && index < count, "index \(index) outside \(shape)")
            data[index] = newValue
        }
    }

    /// Calls `body` with the elements (all `count` of them) for fast bulk writes, as Array's method
    /// of the same name. The buffer is valid only during the call.
    public func withUnsafeMutableBufferPointer<Result>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try body(UnsafeMutableBufferPointer(start: data, count: count))
    }

    /// Memory shared by a tensor and its views.
    private final class Storage {
        private(set) var pointer: UnsafeMutablePointer<Float>
        private var capacity: Int

        init(capacity: Int) {
            self.capacity = max(1, capacity)
            pointer = .allocate(capacity: self.capacity)
            pointer.initialize(repeating: 0, count: self.capacity)
        }

        deinit { pointer.deallocate() }

        func reserve(_ needed: Int) {
            guard needed > capacity else { return }
            pointer.deallocate()
            capacity = needed
            pointer = .allocate(capacity: capacity)
            pointer.initialize(repeating: 0, count: capacity)
        }
    }
}
