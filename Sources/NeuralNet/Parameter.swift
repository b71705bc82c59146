// Named parameters laid out in one flat buffer, so the optimizer runs one vectorised loop over all.
import Foundation

/// One named parameter tensor (PyTorch's key and shape), a window into a ParameterStore.
public struct Parameter: Sendable {
    public let name: String
    public let shape: [Int]
    /// Offset of the first element in the store's flat buffers.
    let offset: Int
    public var count: Int { shape.reduce(1, *) }
    /// Weight matrices and kernels (decayed by AdamW), as opposed to biases.
    public var isWeight: Bool { shape.count > 1 }
    /// Elements in the store, padding included (a multiple of 16).
    var paddedCount: Int { (count + 15) / 16 * 16 }

    /// The rows (first dimension) a part of a parallel job owns, in multiples of `rowGranule` rows: the same
    /// split for a layer's GEMMs and for the optimizer, so each core updates what it computed.
    public func rows(part: Int, of parts: Int) -> Range<Int> {
        ComputePool.range(part: part, of: parts, count: shape[0], granule: Self.rowGranule)
    }
    static let rowGranule = 16

    /// Whether `rows(part:of:)` gives more than one part rows. A parameter of one granule (the output layer's
    /// 10 rows) goes whole to the last part: a job split by its rows would have one worker work while the
    /// caller waits.
    var rowsSplit: Bool { shape[0] > Self.rowGranule }

    /// Rows as a range of the store's flat buffer; a range ending at the last row takes the padding.
    func elements(rows: Range<Int>) -> Range<Int> {
        let rowSize = count / shape[0]
        let end = rows.upperBound == shape[0] ? paddedCount : rows.upperBound * rowSize
        return offset + rows.lowerBound * rowSize..<offset + max(rows.lowerBound * rowSize, end)
    }
}

/// Flat values and gradients of all parameters of a model, in declaration order. Outside the
/// engine they are reached one parameter at a time, by copy; the padded layout stays inside.
public final class ParameterStore: @unchecked Sendable {
    public let parameters: [Parameter]
    /// Elements in the flat buffers, padding included.
    let count: Int
    let values: UnsafeMutablePointer<Float>
    let gradients: UnsafeMutablePointer<Float>

    /// - Parameter specs: (name, shape) pairs in PyTorch's state_dict order.
    public init(specs: [(String, [Int])]) {
        var offset = 0
        var parameters = [Parameter]()
        for (name, shape) in specs {
            parameters.append(Parameter(name: name, shape: shape, offset: offset))
            // Keep each parameter 64-byte aligned for the vector loops.
            offset += parameters.last!.paddedCount
        }
        self.parameters = parameters
        count = offset
        values = .allocate(capacity: count)
        values.initialize(repeating: 0, count: count)
        gradients = .allocate(capacity: count)
        gradients.initialize(repeating: 0, count: count)
    }

    deinit {
        values.deallocate()
        gradients.deallocate()
    }

    public subscript(name: String) -> Parameter {
        guard let parameter = parameters.first(where: { $0.name == name }) else {
            preconditionFailure("no parameter named \(name)")
        }
        return parameter
    }

    func value(_ parameter: Parameter) -> UnsafeMutablePointer<Float> { values + parameter.offset }
    func gradient(_ parameter: Parameter) -> UnsafeMutablePointer<Float> { gradients + parameter.offset }

    /// A copy of one parameter's values.
    public func read(_ parameter: Parameter) -> [Float] { Self.copy(value(parameter), parameter) }

    public func write(_ parameter: Parameter, _ newValues: [Float]) { Self.update(value(parameter), parameter, newValues) }

    /// A copy of one parameter's gradient from the last backward pass.
    public func readGradient(_ parameter: Parameter) -> [Float] { Self.copy(gradient(parameter), parameter) }

    public func writeGradient(_ parameter: Parameter, _ newValues: [Float]) {
        Self.update(gradient(parameter), parameter, newValues)
    }

    static func copy(_ start: UnsafeMutablePointer<Float>, _ parameter: Parameter) -> [Float] {
        Array(UnsafeBufferPointer(start: start, count: parameter.count))
    }

    static func update(_ start: UnsafeMutablePointer<Float>, _ parameter: Parameter, _ newValues: [Float]) {
        precondition(newValues.count == parameter.count, "\(parameter.name): \(newValues.count) values for \(parameter.count)")
        newValues.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: parameter.count) }
    }

    /// All values exactly, padding included, to be restored later (e.g. the best epoch's weights).
    public func snapshot() -> ParameterSnapshot {
        ParameterSnapshot(values: Array(UnsafeBufferPointer(start: values, count: count)))
    }

    public func restore(_ snapshot: ParameterSnapshot) {
        precondition(snapshot.values.count == count, "snapshot of another model")
        snapshot.values.withUnsafeBufferPointer { values.update(from: $0.baseAddress!, count: count) }
    }
}

/// Every parameter value of a store in its padded layout, opaque outside the engine.
public struct ParameterSnapshot: Sendable, Equatable {
    let values: [Float]

    /// The first value that is NaN or infinite, if any (a diverged run's weights).
    public var firstNonFinite: Float? { values.first { !$0.isFinite } }
}
