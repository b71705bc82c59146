// AttributionBaseline: Integrated Gradients' starting image: the image blurred by a Gaussian, or black.
import Foundation

enum AttributionBaseline {
    static func make(_ baseline: AttributionSettings.Baseline, image: [Float]) -> [Float] {
        switch baseline {
        case .black: [Float](repeating: 0, count: image.count)
        case .blurred(let sigma): gaussianBlur(image, side: 28, sigma: sigma)
        }
    }

    /// A separable Gaussian blur of a square image, its kernel cut at 3σ and renormalised, edges clamped.
    static func gaussianBlur(_ image: [Float], side: Int, sigma: Float) -> [Float] {
        guard sigma > 0 else { return image }
        let radius = Int((3 * sigma).rounded(.up))
        let weights = (-radius...radius).map { exp(-Float($0 * $0) / (2 * sigma * sigma)) }
        let total = weights.reduce(0, +)
        let kernel = weights.map { $0 / total }
        func pass(_ source: [Float], horizontal: Bool) -> [Float] {
            var result = [Float](repeating: 0, count: source.count)
            for y in 0..<side {
                for x in 0..<side {
                    var sum: Float = 0
                    for (offset, weight) in zip(-radius...radius, kernel) {
                        let sx = horizontal ? min(max(x + offset, 0), side - 1) : x
                        let sy = horizontal ? y : min(max(y + offset, 0), side - 1)
                        sum += weight * source[sy * side + sx]
                    }
                    result[y * side + x] = sum
                }
            }
            return result
        }
        return pass(pass(image, horizontal: true), horizontal: false)
    }
}
