// How a layer's weight and bias start: the seed's two schemes, drawn from a seeded generator.

public enum Initialization: Sendable {
    /// Weight ~ N(0, 1/√fan_in), bias 0: the seed's own initialisation of its Linear layers.
    case normalWeightZeroBias
    /// Weight and bias ~ U(−1/√fan_in, 1/√fan_in): PyTorch's default for Conv2d (kaiming-uniform
    /// with a = √5), which the seed kept.
    case uniformFanIn

    /// Draws the weight's values, then the bias's, in element order (fan_in: the weight's elements
    /// per output unit). The order of draws is part of a seeded run's identity: keep it.
    func fill(weight: Parameter, bias: Parameter, in store: ParameterStore, rng: inout SplitMix64) {
        let fanIn = Double(weight.shape.dropFirst().reduce(1, *))
        let bound = 1 / fanIn.squareRoot()
        for (parameter, isWeight) in [(weight, true), (bias, false)] {
            let values = store.value(parameter)
            for i in 0..<parameter.count {
                switch self {
                case .uniformFanIn: values[i] = Float((rng.nextUniform() * 2 - 1)) * Float(bound)
                case .normalWeightZeroBias: values[i] = isWeight ? Float(rng.nextNormal() * bound) : 0
                }
            }
        }
    }
}
