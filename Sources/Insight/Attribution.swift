// Attribution: what an attribution method returns for one image: a 28×28 map per target class, the
// logits, and for Integrated Gradients how far the map's sum is from the logit difference it explains.

/// |Σ attributions − (y_c(x) − y_c(x′))|: zero for exact Integrated Gradients; the error of the
/// quadrature over the straight path from the baseline x′ to x.
public struct Completeness: Sendable, Hashable {
    public let attributionSum: Float
    /// y_c(x) − y_c(x′).
    public let logitDifference: Float
    /// The gradient evaluations along the path the map took (more than asked when refined, see
    /// `AttributionSettings.completenessTolerance`).
    public let steps: Int

    public init(attributionSum: Float, logitDifference: Float, steps: Int) {
        self.attributionSum = attributionSum
        self.logitDifference = logitDifference
        self.steps = steps
    }

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
    /// Grad-CAM only: Σ_k α_k A_k before Grad-CAM's ReLU, upsampled like `values`; negative where conv2's
    /// channels, weighed by their mean gradient, count against the class.
    public let signedValues: [Float]?

    public init(targetClass: Int, values: [Float], completeness: Completeness? = nil, signedValues: [Float]? = nil) {
        self.targetClass = targetClass
        self.values = values
        self.completeness = completeness
        self.signedValues = signedValues
    }

    /// Grad-CAM: the share of pixels where Σ_k α_k A_k < 0.
    public var negativeShare: Float? {
        signedValues.map { signed in Float(signed.filter { $0 < 0 }.count) / Float(max(signed.count, 1)) }
    }

    /// Grad-CAM whose ReLU left (almost) nothing: the largest positive value is under 5 % of the largest
    /// negative one. Scaled for display such a map would only magnify what is left; the PyTorch reference
    /// (scripts/gradcam-reference.py) finds the same on the seed CNN's test images 0, 1 and 4.
    public var isNearlyEmptyGradCAM: Bool {
        guard let signed = signedValues else { return false }
        let largestNegative = -(signed.min() ?? 0)
        return largestNegative > 0 && (values.max() ?? 0) < 0.05 * largestNegative
    }
}

public struct Attribution: Sendable, Hashable {
    public let method: AttributionMethod
    /// The image's logits (10).
    public let logits: [Float]
    /// One map per requested target, in the order asked.
    public let maps: [AttributionMap]

    public var predictedClass: Int { logits.indices.max { logits[$0] < logits[$1] }! }
}
