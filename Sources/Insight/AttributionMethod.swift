// AttributionMethod: the saliency methods, their names on the command line and on screen, and which net each suits.
import NeuralNet

/// How a map of "which pixels made class c's logit" is computed (see `AttributionExplainer`).
public enum AttributionMethod: String, CaseIterable, Sendable, Hashable, Codable {
    /// ∂y_c/∂x of the class logit, shown as |∂y_c/∂x|.
    case gradient
    /// x · ∂y_c/∂x.
    case gradientTimesInput = "gradient-x-input"
    /// Integrated Gradients from a blurred baseline (Sundararajan et al. 2017).
    case integratedGradients = "integrated-gradients"
    /// The gradient averaged over noisy copies of the image (Smilkov et al. 2017).
    case smoothGrad = "smoothgrad"
    /// The drop of y_c when a grey patch covers each pixel (Zeiler & Fergus 2014).
    case occlusion
    /// Grad-CAM at conv2 after its ReLU, before pooling (Selvaraju et al. 2017); CNN only.
    case gradCAM = "grad-cam"
    /// The FCNN's first-layer weight templates, weighted by each hidden unit's contribution to y_c.
    case weightTemplates = "weight-templates"

    /// The methods a model offers, in the order the dashboard cycles them: Grad-CAM for the CNN,
    /// weight templates in its place for the FCNN.
    public static func available(for model: ModelKind) -> [AttributionMethod] {
        [.gradient, .gradientTimesInput, .integratedGradients, .smoothGrad, .occlusion]
            + [model == .cnn ? .gradCAM : .weightTemplates]
    }

    public func isAvailable(for model: ModelKind) -> Bool { Self.available(for: model).contains(self) }

    public var displayName: String {
        switch self {
        case .gradient: "gradient"
        case .gradientTimesInput: "gradient × input"
        case .integratedGradients: "integrated gradients"
        case .smoothGrad: "SmoothGrad"
        case .occlusion: "occlusion"
        case .gradCAM: "Grad-CAM"
        case .weightTemplates: "weight templates"
        }
    }

    /// The method after this one among those `model` offers (wrapping around); the first when this one is not offered.
    public func next(for model: ModelKind) -> AttributionMethod {
        let methods = Self.available(for: model)
        guard let index = methods.firstIndex(of: self) else { return methods[0] }
        return methods[(index + 1) % methods.count]
    }
}
