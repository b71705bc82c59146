// SaliencySanity: the model-randomisation test of Adebayo et al. 2018: the map again on copies of the net
// whose layers are re-initialised from the top down, and the Spearman ρ of |map| against the real one.
import NeuralNet

public struct SaliencySanity: Sendable, Hashable {
    /// One step of the cascade: every layer from the top down to `layer` re-initialised.
    public struct Stage: Sendable, Hashable {
        public let layer: String
        /// Spearman ρ between |real map| and |map of the randomised copy|, for the first target.
        public let rho: Double
    }

    public let stages: [Stage]

    /// ρ with every layer re-initialised: a map that still looks like the real one (ρ high) does not
    /// show what the net learned.
    public var fullyRandomizedRho: Double { stages.last?.rho ?? 0 }

    /// The threshold of the badge: below it the map passes.
    public static let passingRho = 0.5
    public var passes: Bool { fullyRandomizedRho < Self.passingRho }

    /// The layers with parameters, top first: out, fc2, fc1 (, conv2, conv1).
    public static func cascadeLayers(_ kind: ModelKind) -> [String] {
        kind.architecture.layers.filter { $0.initialization != nil }.map(\.name).reversed()
    }

    /// Copies of `network`, the k-th with the top k + 1 parameter layers replaced by a fresh
    /// initialisation (seeded), the rest as trained. With `fullOnly`, only the last (all re-initialised).
    public static func randomizedCascade(of network: Network, seed: UInt64, fullOnly: Bool) -> [(layer: String, network: Network)] {
        let fresh = Network(network.kind)
        var rng = SplitMix64(seed: seed)
        fresh.initialize(rng: &rng)
        let layers = cascadeLayers(network.kind)
        let depths = fullOnly ? [layers.count] : Array(1...layers.count)
        return depths.map { depth in
            let copy = network.copy()
            for layer in layers.prefix(depth) {
                for name in ["\(layer).weight", "\(layer).bias"] { copy.store.write(copy.store[name], fresh.store.read(fresh.store[name])) }
            }
            return (layers[depth - 1], copy)
        }
    }

    /// Runs `method` for `targets[0]` on each randomised copy and compares |map| with `attribution`'s first.
    public static func check(_ attribution: Attribution, image: [Float], explainer: AttributionExplainer,
                             seed: UInt64 = 1, fullOnly: Bool = true) -> SaliencySanity {
        check(attribution, image: image, explainer: explainer,
              cascade: randomizedCascade(of: explainer.model.network, seed: seed, fullOnly: fullOnly))
    }

    /// `check` with the randomised copies made beforehand: with `fullOnly` the one copy has no trained weight
    /// left, so a caller explaining many images (the dashboard) makes it once per model.
    public static func check(_ attribution: Attribution, image: [Float], explainer: AttributionExplainer,
                             cascade: [(layer: String, network: Network)]) -> SaliencySanity {
        compare(attribution, with: randomizedMaps(attribution, image: image, explainer: explainer, cascade: cascade))
    }

    /// The map of `attribution`'s method for its first target on each randomised copy (IG at its first steps,
    /// unrefined: ρ needs the map, not a refined integral).
    public static func randomizedMaps(_ attribution: Attribution, image: [Float], explainer: AttributionExplainer,
                                      cascade: [(layer: String, network: Network)]) -> [(layer: String, values: [Float])] {
        guard let real = attribution.maps.first else { return [] }
        let model = explainer.model
        var settings = explainer.settings
        settings.completenessTolerance = nil
        return cascade.map { layer, network in
            let randomized = AttributionExplainer(
                model: AttributionModel(network: network, inputMean: model.inputMean,
                                        inputStandardDeviation: model.inputStandardDeviation, pool: model.pool,
                                        batchLimit: model.batchLimit),
                settings: settings)
            return (layer, (try? randomized.attribute(image, targets: [real.targetClass], method: attribution.method))?.maps[0].values ?? [])
        }
    }

    /// ρ of |`attribution`'s first map| against each randomised copy's map of the same image and class (e.g. a
    /// map refined after the copies' maps were made).
    public static func compare(_ attribution: Attribution, with randomized: [(layer: String, values: [Float])]) -> SaliencySanity {
        guard let real = attribution.maps.first else { return SaliencySanity(stages: []) }
        return SaliencySanity(stages: randomized.map { layer, map in
            Stage(layer: layer, rho: map.isEmpty ? 0 : SpearmanCorrelation.rho(real.values.map(abs), map.map(abs)))
        })
    }
}
