// AttributionSettings: the knobs of the attribution methods, with the defaults.

public struct AttributionSettings: Sendable, Hashable {
    /// What Integrated Gradients integrates from.
    public enum Baseline: Sendable, Hashable {
        /// The image under a Gaussian blur of this standard deviation in pixels: a black baseline only
        /// traces the garment's outline on this data set (its background is black already).
        case blurred(sigma: Float)
        case black
    }

    /// Integrated Gradients' gradient evaluations along the path to start with.
    public var integratedGradientsSteps = 50
    /// Midpoints: their refinement (3× the steps) keeps every gradient already taken.
    public var quadrature = AttributionQuadrature.midpoint
    /// A map whose completeness error (relative to |y_c(x) − y_c(x′)|) is above this has its steps
    /// tripled until it is not, up to `maximumIntegratedGradientsSteps`; nil: exactly the steps asked for.
    /// The ReLU nets' gradient jumps many times along the path, so 50 steps leave more than 1 % on some
    /// images (README, Insight: saliency); the paper's advice is to check completeness and add steps.
    public var completenessTolerance: Float? = 0.01
    public var maximumIntegratedGradientsSteps = 1350
    public var baseline = Baseline.blurred(sigma: 4)
    public var smoothGradSamples = 25
    /// The noise's standard deviation as a fraction of the input range (pixels span 0 … 1).
    public var smoothGradNoise: Float = 0.15
    public var noiseSeed: UInt64 = 0
    public var occlusionPatch = 4
    public var occlusionStride = 2
    /// The patch's pixel value: mid grey.
    public var occlusionValue: Float = 0.5

    public init() {}
}
