// Attribution: what an attribution method returns for one image: a 28×28 map per target class, the
// logits, and for Integrated Gradients how far the map's sum is from the logit difference it explains.

/// |Σ attributions − (y_c(x) − y_c(x′))|: zero for exact Integrated Gradients; the error of the
/// Riemann sum over the straight path from the baseline x′ to x.
public struct Completeness: Sendable, Hashable {
    public let attributionSum: Float
    /// y_c(x) − y_c(x′).
    public let logitDifference: Float

    public var absoluteError: Float { abs(attributionSum - logitDifference) }
    /// The error as a fraction of |y_c(x) − y_c(x′)|.
    public var relativeError: Float { absoluteError / max(abs(logitDifference), 1e-12) }
}

/// One class's map.
public struct AttributionMap: Sendable, Hashable {
    public let targetClass: Int
    /// 784 values, row-major 28×28, signed (display takes |·| unless asked for the sign).
    public let values: [Float]
    /// Integrated Gradients only.
    public let completeness: Completeness?
}

public struct Attribution: Sendable, Hashable {
    public let method: AttributionMethod
    /// The image's logits (10).
    public let logits: [Float]
    /// One map per requested target, in the order asked.
    public let maps: [AttributionMap]

    public var predictedClass: Int { logits.indices.max { logits[$0] < logits[$1] }! }
}
