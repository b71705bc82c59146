// Central finite differences against a layer's or model's backward pass.
import NeuralNet
import Testing

/// Compares analytic and numeric gradients of a scalar loss over some coordinates.
struct GradientComparison {
    var analytic = [Double]()
    var numeric = [Double]()

    mutating func add(analytic a: Float, numeric n: Double) {
        analytic.append(Double(a))
        numeric.append(n)
    }

    /// Cosine similarity of the two gradient vectors.
    var cosine: Double {
        let dot = zip(analytic, numeric).reduce(0) { $0 + $1.0 * $1.1 }
        let na = analytic.reduce(0) { $0 + $1 * $1 }.squareRoot(), nn = numeric.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return dot / max(na * nn, 1e-30)
    }

    /// Largest difference relative to the largest gradient entry.
    var relativeError: Double {
        let scale = max(analytic.map(abs).max() ?? 0, 1e-12)
        return zip(analytic, numeric).map { abs($0 - $1) }.max()! / scale
    }

    func expectClose(_ what: String, tolerance: Double = 1e-2, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!analytic.isEmpty, "\(what): nothing compared", sourceLocation: sourceLocation)
        #expect(relativeError < tolerance, "\(what): relative error \(relativeError)", sourceLocation: sourceLocation)
        // An angle of about `tolerance` radians between the two vectors is as much error as allowed.
        #expect(cosine > 1 - tolerance * tolerance / 2, "\(what): cosine \(cosine)", sourceLocation: sourceLocation)
    }
}

/// A fixed projection turns a layer's output into a scalar: loss = Σ output · weights.
func projectedLoss(_ output: Tensor, _ weights: [Float]) -> Double {
    (0..<output.count).reduce(0.0) { $0 + Double(output[$1]) * Double(weights[$1]) }
}

/// Checks ∂loss/∂input and ∂loss/∂parameters of one layer with central differences (step h).
func checkLayerGradients(_ layer: Layer, input: Tensor, store: ParameterStore?, context: PassContext,
                         step h: Float = 1e-2, tolerance: Double = 1e-2, sourceLocation: SourceLocation = #_sourceLocation) {
    var rng = SplitMix64(seed: 99)
    let output = layer.forward(input, context)
    let projection = (0..<output.count).map { _ in rng.nextUniform() * 2 - 1 }
    let outputGradient = Tensor(shape: output.shape, values: projection)
    let inputGradient = layer.backward(outputGradient, context, needsInputGradient: true)!.values
    let parameterGradients = store.map { store in store.parameters.map { store.readGradient($0) } }

    func loss() -> Double { projectedLoss(layer.forward(input, context), projection) }

    var inputs = GradientComparison()
    for i in 0..<input.count {
        let saved = input[i]
        input[i] = saved + h; let plus = loss()
        input[i] = saved - h; let minus = loss()
        input[i] = saved
        inputs.add(analytic: inputGradient[i], numeric: (plus - minus) / Double(2 * h))
    }
    inputs.expectClose("\(type(of: layer)) input", tolerance: tolerance, sourceLocation: sourceLocation)

    guard let store, let parameterGradients else { return }
    for (index, parameter) in store.parameters.enumerated() {
        var comparison = GradientComparison()
        for i in 0..<parameter.count {
            let saved = store[parameter, i]
            store[parameter, i] = saved + h; let plus = loss()
            store[parameter, i] = saved - h; let minus = loss()
            store[parameter, i] = saved
            comparison.add(analytic: parameterGradients[index][i], numeric: (plus - minus) / Double(2 * h))
        }
        comparison.expectClose(parameter.name, tolerance: tolerance, sourceLocation: sourceLocation)
    }
}

extension ParameterStore {
    /// One element of a parameter's values, through the store's copying accessors (fine for tests).
    subscript(parameter: Parameter, index: Int) -> Float {
        get { read(parameter)[index] }
        set {
            var values = read(parameter)
            values[index] = newValue
            write(parameter, values)
        }
    }

    /// Every parameter's gradient, in declaration order.
    var allGradients: [Float] { parameters.flatMap { readGradient($0) } }
}

/// Values in ±1 that stay at least `gap` away from 0 and from each other's neighbours, so small
/// perturbations never cross a ReLU kink or change a max-pool winner.
func wellSeparatedValues(_ count: Int, seed: UInt64, gap: Float = 0.05) -> [Float] {
    var rng = SplitMix64(seed: seed)
    var values = (0..<count).map { i in (Float(i) + 0.5) / Float(count) * 2 - 1 }
    values = values.map { abs($0) < gap ? ($0 < 0 ? -gap : gap) : $0 }
    values.shuffle(using: &rng)
    return values
}
