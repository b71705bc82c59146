// AttributionSettings: the knobs of the attribution methods, with the defaults.

public struct AttributionSettings: Sendable, Hashable {
    /// What Integrated Gradients integrates from.
    public enum Baseline: Sendable, Hashable {
        /// The image under a Gaussian blur of this standard deviation in pixels: a black baseline only
        /// traces the garment's outline on this data set (its background is black already).
        case blurred(sigma: Float)
        case black
    }

    public var integratedGradientsSteps = 50
    public var quadrature = AttributionQuadrature.gaussLegendre
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
