// GradCAM: the Grad-CAM map from one image's activations and gradients at a convolution's output, and the
// bilinear upsampling that lays it over the image.

enum GradCAM {
    /// ReLU(Σ_k α_k A_k), α_k the mean of ∂y_c/∂A_k over the map (Selvaraju et al. 2017).
    /// - activations, gradients: (channels, side, side) → (side, side).
    static func map(activations: [Float], gradients: [Float], channels: Int, side: Int) -> [Float] {
        weightedSum(activations: activations, gradients: gradients, channels: channels, side: side).map { max($0, 0) }
    }

    /// Σ_k α_k A_k before the ReLU (Captum's LayerGradCam with relu_attributions=False).
    static func weightedSum(activations: [Float], gradients: [Float], channels: Int, side: Int) -> [Float] {
        let plane = side * side
        var cam = [Float](repeating: 0, count: plane)
        for channel in 0..<channels {
            let range = channel * plane..<(channel + 1) * plane
            let alpha = gradients[range].reduce(0, +) / Float(plane)
            for (pixel, activation) in activations[range].enumerated() { cam[pixel] += alpha * activation }
        }
        return cam
    }

    /// Bilinear resampling of a square map, pixel centres aligned as PyTorch's
    /// `interpolate(mode="bilinear", align_corners=False)`.
    static func upsample(_ map: [Float], from side: Int, to target: Int) -> [Float] {
        let scale = Float(side) / Float(target)
        func source(_ index: Int) -> (Int, Int, Float) {
            let position = max((Float(index) + 0.5) * scale - 0.5, 0)
            let lower = min(Int(position), side - 1)
            return (lower, min(lower + 1, side - 1), position - Float(lower))
        }
        var result = [Float](repeating: 0, count: target * target)
        for y in 0..<target {
            let (y0, y1, fy) = source(y)
            for x in 0..<target {
                let (x0, x1, fx) = source(x)
                let top = map[y0 * side + x0] * (1 - fx) + map[y0 * side + x1] * fx
                let bottom = map[y1 * side + x0] * (1 - fx) + map[y1 * side + x1] * fx
                result[y * target + x] = top * (1 - fy) + bottom * fy
            }
        }
        return result
    }
}
