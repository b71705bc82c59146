// The improved recipe's pieces: augmentation, the learning-rate schedule, presets and overrides.
import FashionMNIST
import Foundation
import NeuralNet
import Testing
@testable import Training

@Suite("Augmentation")
struct AugmentationTests {
    /// An image whose pixels differ along every row and are never 0: (9r mod 200) + c + 1.
    let image: [UInt8] = (0..<784).map { (index: Int) -> UInt8 in
        let row = index / 28, column = index % 28
        return UInt8(row * 9 % 200 + column + 1)
    }

    func apply(_ augmentation: Augmentation, _ draw: Augmentation.Draw) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 784)
        image.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { augmentation.apply(draw, to: source.baseAddress!, into: $0.baseAddress!) }
        }
        return output
    }

    @Test func flipMapsColumnCToTwentySevenMinusC() {
        let flipped = apply(Augmentation(flip: true, cropPadding: 0), .init(mirrored: true, offsetY: 0, offsetX: 0))
        for r in 0..<28 { for c in 0..<28 { #expect(flipped[r * 28 + c] == image[r * 28 + 27 - c]) } }
    }

    @Test func footwearIsNeverFlipped() {
        let augmentation = Augmentation(flip: true, cropPadding: 0)
        var rng = SplitMix64(seed: 1)
        for label in UInt8(0)..<10 {
            let mirrored = (0..<200).filter { _ in augmentation.draw(label: label, rng: &rng).mirrored }.count
            if Augmentation.unflippedClasses.contains(label) { #expect(mirrored == 0, "class \(label)") }
            else { #expect(mirrored > 70 && mirrored < 130, "class \(label): \(mirrored) of 200 mirrored") }
        }
    }

    @Test(arguments: [(0, 0), (4, 4), (1, 3), (2, 2)])
    func cropShiftsByTheDrawnOffsetsAndFillsWithZeros(offsetY: Int, offsetX: Int) {
        let cropped = apply(Augmentation(flip: false, cropPadding: 2), .init(mirrored: false, offsetY: offsetY, offsetX: offsetX))
        let shiftY = offsetY - 2, shiftX = offsetX - 2
        for r in 0..<28 {
            for c in 0..<28 {
                let y = r + shiftY, x = c + shiftX
                let expected: UInt8 = (0..<28).contains(y) && (0..<28).contains(x) ? image[y * 28 + x] : 0
                #expect(cropped[r * 28 + c] == expected)
            }
        }
    }

    @Test func drawsAreReproducibleFromTheSeedAndCoverEveryOffset() {
        let augmentation = Augmentation(flip: true, cropPadding: 2)
        func draws(_ seed: UInt64) -> [Augmentation.Draw] {
            var rng = SplitMix64(seed: seed)
            return (0..<500).map { augmentation.draw(label: UInt8($0 % 10), rng: &rng) }
        }
        #expect(draws(7) == draws(7))
        #expect(draws(7) != draws(8))
        #expect(Set(draws(7).map { $0.offsetY * 5 + $0.offsetX }).count == 25)
    }

    @Test func erasingDrawsRegionsOfZhongsAreasAndShapesInsideTheImage() {
        let augmentation = Augmentation(flip: false, cropPadding: 0, eraseProbability: 0.5)
        var rng = SplitMix64(seed: 11)
        let draws = (0..<4_000).map { augmentation.draw(label: UInt8($0 % 10), rng: &rng) }
        let erasures = draws.compactMap(\.erasure)
        #expect(erasures.count > 1_900 && erasures.count < 2_100, "\(erasures.count) of 4000 erased at p 0.5")
        var areas = [Double]()
        for erasure in erasures {
            #expect(erasure.top >= 0 && erasure.left >= 0 && erasure.height >= 1 && erasure.width >= 1)
            #expect(erasure.top + erasure.height <= 28 && erasure.left + erasure.width <= 28, "\(erasure)")
            areas.append(Double(erasure.height * erasure.width) / 784)
        }
        // Areas are drawn from 2–40 % of the image; rounding the sides to whole pixels and clamping them to
        // the image move them a little (clamping only ever shrinks an area).
        #expect(areas.min()! >= 0.01 && areas.max()! <= 0.43)
        let meanArea = areas.reduce(0, +) / Double(areas.count)
        #expect(meanArea > 0.18 && meanArea < 0.23, "mean erased area \(meanArea), about 0.21 expected")
        // The log-uniform aspect ratio makes tall and wide rectangles about as likely.
        let tall = erasures.filter { $0.height > $0.width }.count, wide = erasures.filter { $0.width > $0.height }.count
        #expect(abs(tall - wide) < erasures.count / 10, "\(tall) tall against \(wide) wide")
        // The top-left corner spreads over the rows and columns the size leaves (small sizes, the far ones, are rare).
        #expect(Set(erasures.map(\.top)).isSuperset(of: 0...20) && Set(erasures.map(\.left)).isSuperset(of: 0...20))
        #expect(Set(erasures.map(\.fillSeed)).count == erasures.count)
    }

    @Test func erasingDrawsFourNumbersAndNoneWhenOff() {
        // The seed and improved recipes' stream of draws stays as it was: two numbers an image without erasing,
        // six with it, whatever the label and whether or not the image is erased.
        for (probability, drawn) in [(0.0, 2), (0.5, 6), (1.0, 6)] {
            let augmentation = Augmentation(flip: true, cropPadding: 2, eraseProbability: probability)
            var rng = SplitMix64(seed: 5), reference = SplitMix64(seed: 5)
            for label in UInt8(0)..<10 {
                _ = augmentation.draw(label: label, rng: &rng)
                for _ in 0..<drawn { _ = reference.next() }
                #expect(rng == reference, "p \(probability), label \(label)")
            }
        }
        var rng = SplitMix64(seed: 5), withErasing = SplitMix64(seed: 5)
        let plain = Augmentation(flip: true, cropPadding: 2).draw(label: 3, rng: &rng)
        let erased = Augmentation(flip: true, cropPadding: 2, eraseProbability: 1).draw(label: 3, rng: &withErasing)
        #expect(erased.mirrored == plain.mirrored && erased.offsetY == plain.offsetY && erased.offsetX == plain.offsetX)
        #expect(plain.erasure == nil && erased.erasure != nil)
    }

    @Test func erasingOverwritesOnlyItsRectangleWithTheSeedsPixels() {
        let augmentation = Augmentation(flip: true, cropPadding: 2, eraseProbability: 1)
        let erasure = Augmentation.Erasure(top: 3, left: 20, height: 10, width: 8, fillSeed: 99)
        let kept = apply(augmentation, .init(mirrored: true, offsetY: 1, offsetX: 3))
        let erased = apply(augmentation, .init(mirrored: true, offsetY: 1, offsetX: 3, erasure: erasure))
        var fill = SplitMix64(seed: 99)
        var filled = [UInt8]()
        for r in 0..<28 {
            for c in 0..<28 {
                if (3..<13).contains(r) && (20..<28).contains(c) {
                    let expected = UInt8(fill.next() >> 56)
                    filled.append(expected)
                    #expect(erased[r * 28 + c] == expected)
                } else {
                    #expect(erased[r * 28 + c] == kept[r * 28 + c])
                }
            }
        }
        #expect(Set(filled).count > 40, "80 random pixels take many values")
    }

    @Test func batchesOfAugmentedImagesAreReproducible() {
        let images = LabeledImages(pixels: image + image, labels: [0, 7])
        let assembler = BatchAssembler(images: images, normalized: true)
        func batch(seed: UInt64) -> [Float] {
            var rng = SplitMix64(seed: seed)
            var labels = [Int32]()
            let input = Tensor(shape: [1])
            assembler.fill(input, labels: &labels, indices: [0, 1],
                           augmentation: Augmentation(flip: true, cropPadding: 2, eraseProbability: 0.5), rng: &rng)
            return input.values
        }
        #expect(batch(seed: 3) == batch(seed: 3))
        #expect(batch(seed: 3) != batch(seed: 4))
        // Normalisation: a black pixel becomes −mean/std.
        var labels = [Int32]()
        let plain = Tensor(shape: [1])
        BatchAssembler(images: LabeledImages(pixels: [UInt8](repeating: 0, count: 784), labels: [1]), normalized: true)
            .fill(plain, labels: &labels, indices: [0])
        #expect(abs(plain[0] - (-0.2860 / 0.3530)) < 1e-6)
    }

    /// Split over a pool's threads, a batch is the same as on one thread, and the random stream ends in the same
    /// place: the augmentation's draws are taken in order before the split.
    @Test func batchSplitOverThreadsEqualsBatchOnOne() {
        var pixelSource = SplitMix64(seed: 8)
        let images = LabeledImages(pixels: (0..<9 * 784).map { _ in UInt8(truncatingIfNeeded: pixelSource.next()) },
                                   labels: (0..<9).map { UInt8($0) })
        let assembler = BatchAssembler(images: images, normalized: true)
        let augmentation = Augmentation(flip: true, cropPadding: 2, eraseProbability: 0.5)
        func batch(pool: ComputePool?) -> (pixels: [Float], labels: [Int32], next: UInt64) {
            var rng = SplitMix64(seed: 12)
            var labels = [Int32]()
            let input = Tensor(shape: [1])
            assembler.fill(input, labels: &labels, indices: [4, 0, 8, 4, 7, 1, 3], augmentation: augmentation,
                           rng: &rng, pool: pool)
            return (input.values, labels, rng.next())
        }
        let alone = batch(pool: nil), split = batch(pool: ComputePool(width: 2))
        #expect(alone.labels == [4, 0, 8, 4, 7, 1, 3])
        #expect(split.pixels == alone.pixels)
        #expect(split.labels == alone.labels)
        #expect(split.next == alone.next)
    }
}

@Suite("Learning-rate schedule")
struct ScheduleTests {
    // 10 epochs of 100 steps, one epoch of warm-up, peak 1e-3.
    let total = 1_000, warmup = 100, peak = 1e-3

    func rate(_ step: Int) -> Double {
        LearningRateSchedule.warmupCosine.rate(step: step, totalSteps: total, warmupSteps: warmup, peak: peak)
    }

    @Test func warmupThenCosine() {
        #expect(abs(rate(0) - peak / 100) < 1e-15)                       // step 0: peak · 1/100
        #expect(abs(rate(49) - peak * 0.5) < 1e-15)                      // half-way through warm-up
        #expect(abs(rate(99) - peak) < 1e-15)                            // end of warm-up: the peak
        #expect(abs(rate(100) - peak) < 1e-15)                           // decay starts at the peak
        #expect(abs(rate(550) - peak * 0.5) < 1e-15)                     // half-way through the decay: cos(π/2)
        #expect(abs(rate(325) - peak * 0.5 * (1 + cos(Double.pi / 4))) < 1e-15)
        #expect(abs(rate(1_000)) < 1e-15)                                // the end: 0
        #expect(rate(999) > 0 && rate(999) < 1e-8)   // the last update: peak · ½(1 + cos(π·899/900)) ≈ 3e-9
        #expect(LearningRateSchedule.constant.rate(step: 500, totalSteps: total, warmupSteps: warmup, peak: peak) == peak)
    }
}

@Suite("Recipes")
struct RecipePresetTests {
    @Test func improvedPresetsAsTheIssueStates() {
        let cnn = TrainingConfiguration(model: .cnn, recipe: .improved)
        #expect(cnn.batchSize == 128 && cnn.learningRate == 1e-3 && cnn.weightDecay == 0.05 && cnn.epochs == 65)
        #expect(cnn.labelSmoothing == 0.1 && cnn.schedule == .warmupCosine && cnn.warmupEpochs == 1)
        #expect(cnn.normalizeInputs && cnn.flipAugmentation && cnn.cropPadding == 2 && !cnn.fullTrain)
        let fcnn = TrainingConfiguration(model: .fcnn, recipe: .improved)
        #expect(fcnn.weightDecay == 0.01 && fcnn.cropPadding == 0 && fcnn.flipAugmentation && fcnn.epochs == 50)
        let seed = TrainingConfiguration(model: .cnn)
        #expect(seed.batchSize == 20 && seed.weightDecay == 0 && seed.labelSmoothing == 0 && !seed.normalizeInputs)
        #expect(seed.schedule == .constant && !seed.flipAugmentation && seed.cropPadding == 0)
    }

    /// Random erasing is an option only: no preset turns it on, and the seed recipe is still the notebook's
    /// (with erasing off, the augmentation draws as before: `erasingDrawsFourNumbersAndNoneWhenOff`).
    @Test func noPresetErasesAndTheSeedRecipeIsTheNotebooks() {
        for model in ModelKind.allCases {
            for recipe in Recipe.allCases {
                #expect(TrainingConfiguration(model: model, recipe: recipe).eraseProbability == 0, "\(recipe) \(model)")
            }
            let seed = TrainingConfiguration(model: model)
            #expect(seed.epochs == 50 && seed.batchSize == 20 && seed.learningRate == 1e-3 && seed.weightDecay == 0)
            #expect(seed.labelSmoothing == 0 && seed.schedule == .constant && seed.warmupEpochs == 0)
            #expect(!seed.normalizeInputs && !seed.flipAugmentation && seed.cropPadding == 0 && !seed.fullTrain)
        }
    }

    @Test func fastPresetIsTheImprovedRecipeOnAShortSchedule() {
        for model in ModelKind.allCases {
            let fast = TrainingConfiguration(model: model, recipe: .fast)
            let improved = TrainingConfiguration(model: model, recipe: .improved)
            var expected = improved
            (expected.recipe, expected.epochs, expected.learningRate) = (.fast, fast.epochs, fast.learningRate)
            #expect(fast == expected)
            #expect(fast.epochs <= improved.epochs / 2 && fast.learningRate > improved.learningRate)
        }
    }

    /// The README's recipe table (section Results) states every preset as the code has it.
    @Test func readmeRecipeTableMatchesThePresets() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let lines = try String(contentsOf: readme, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = "| recipe | model | epochs | batch | peak lr | schedule, warm-up epochs | weight decay | label smoothing "
            + "| normalised | flips | crop padding |"
        let start = try #require(lines.firstIndex(of: header), "README.md has no line '\(header)'")
        let rows = lines[(start + 2)...].prefix { $0.hasPrefix("| ") }.map { line in
            line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        }
        #expect(rows.count == Recipe.allCases.count * ModelKind.allCases.count)
        for recipe in Recipe.allCases {
            for model in ModelKind.allCases {
                let preset = TrainingConfiguration(model: model, recipe: recipe)
                let expected = ["`\(recipe.rawValue)`", model.displayName, "\(preset.epochs)", "\(preset.batchSize)",
                                Self.number(preset.learningRate), "\(preset.schedule.rawValue), \(Self.number(preset.warmupEpochs))",
                                Self.number(preset.weightDecay), Self.number(preset.labelSmoothing), Self.yesNo(preset.normalizeInputs),
                                Self.yesNo(preset.flipAugmentation), "\(preset.cropPadding)"]
                #expect(rows.contains(expected), "README's recipe table lacks the row \(expected)")
            }
        }
    }

    static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }
    /// As the README writes numbers: 0.001, 0.05, 1, 0.
    static func number(_ value: Double) -> String { String(format: "%g", value) }

    @Test func eraseProbabilityIsChecked() {
        var configuration = TrainingConfiguration(model: .cnn, recipe: .improved)
        for bad in [-0.1, 1.5, Double.nan] {
            configuration.eraseProbability = bad
            #expect(throws: ConfigurationError.self) { try configuration.validate() }
        }
        configuration.eraseProbability = 1
        #expect(throws: Never.self) { try configuration.validate() }
    }

    @Test func settingsRoundTripThroughJSONAndOldFilesReadAsSeed() throws {
        var configuration = TrainingConfiguration(model: .cnn, recipe: .improved)
        configuration.fullTrain = true
        configuration.weightDecay = 0.02
        configuration.eraseProbability = 0.3
        let data = try RunJSON.encode(configuration)
        #expect(try RunJSON.decode(TrainingConfiguration.self, from: data) == configuration)
        let old = Data(#"{"model":"fcnn","epochs":7,"batch_size":20,"learning_rate":0.001,"seed":3,"threads":2}"#.utf8)
        let decoded = try RunJSON.decode(TrainingConfiguration.self, from: old)
        #expect(decoded.recipe == .seed && decoded.epochs == 7 && decoded.seed == 3 && decoded.weightDecay == 0)
        #expect(decoded.eraseProbability == 0)
    }
}
