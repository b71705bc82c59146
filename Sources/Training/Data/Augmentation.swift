// Seeded data augmentation of 28×28 training images: horizontal flips, shifted crops and random erasing.
import FashionMNIST
import Foundation
import NeuralNet

public struct Augmentation: Sendable, Equatable {
    /// Sandal, Sneaker, Ankle boot: every shoe in the data set faces the same way, so a mirrored
    /// shoe is an image the test set never has.
    public static let unflippedClasses: Set<UInt8> = [5, 7, 9]
    /// Random erasing's region (Zhong et al. 2017, "Random Erasing Data Augmentation"): an area of
    /// 2–40 % of the image, an aspect ratio (height / width) between 0.3 and 1/0.3.
    public static let erasedAreas: ClosedRange<Double> = 0.02...0.4
    public static let erasedAspectRatios: ClosedRange<Double> = 0.3...(1 / 0.3)

    public let flip: Bool
    /// Crops of 28×28 from the image padded by this many zero pixels on every side.
    public let cropPadding: Int
    /// The chance that a rectangle of the (flipped, cropped) image is replaced by random pixels.
    public let eraseProbability: Double

    public init(flip: Bool, cropPadding: Int, eraseProbability: Double = 0) {
        self.flip = flip
        self.cropPadding = cropPadding
        self.eraseProbability = eraseProbability
    }

    public var isIdentity: Bool { !flip && cropPadding == 0 && eraseProbability == 0 }

    /// What to do to one image. Always draws the same amount of randomness whatever the label, so
    /// the stream of draws does not depend on the data.
    public struct Draw: Sendable, Equatable {
        public let mirrored: Bool
        /// Top-left corner of the crop in the padded image, each in 0…2·padding.
        public let offsetY: Int, offsetX: Int
        /// The rectangle to erase, if any.
        public var erasure: Erasure?

        public init(mirrored: Bool, offsetY: Int, offsetX: Int, erasure: Erasure? = nil) {
            self.mirrored = mirrored
            self.offsetY = offsetY
            self.offsetX = offsetX
            self.erasure = erasure
        }
    }

    /// A rectangle of the output image filled with uniform random pixels 0–255 drawn from `fillSeed`.
    public struct Erasure: Sendable, Equatable {
        public let top: Int, left: Int, height: Int, width: Int
        public let fillSeed: UInt64
    }

    public func draw(label: UInt8, rng: inout SplitMix64) -> Draw {
        let coin = rng.next(), corner = rng.next()
        let span = UInt64(2 * cropPadding + 1)
        var draw = Draw(mirrored: flip && coin >> 63 == 1 && !Self.unflippedClasses.contains(label),
                        offsetY: Int(corner % span), offsetX: Int(corner / span % span))
        // Erasing draws four more numbers, and only when enabled: runs without it keep their stream.
        if eraseProbability > 0 { draw.erasure = drawErasure(rng: &rng) }
        return draw
    }

    /// Zhong et al.'s region with a fixed number of draws: instead of retrying until the rectangle fits,
    /// its sides are clamped to the image (which only happens for areas above 31 % and elongated shapes).
    private func drawErasure(rng: inout SplitMix64) -> Erasure? {
        let coin = rng.next(), shape = rng.next(), position = rng.next(), fillSeed = rng.next()
        guard Self.unit(coin) < eraseProbability else { return nil }
        let side = LabeledImages.side
        let area = Self.uniform(shape & 0xFFFF_FFFF, in: Self.erasedAreas) * Double(side * side)
        // Log-uniform aspect ratio, so that tall and wide rectangles are equally likely.
        let logRatio = Self.uniform(shape >> 32, in: log(Self.erasedAspectRatios.lowerBound)...log(Self.erasedAspectRatios.upperBound))
        let ratio = exp(logRatio)
        let height = min(side, max(1, Int((area * ratio).squareRoot().rounded())))
        let width = min(side, max(1, Int((area / ratio).squareRoot().rounded())))
        let rows = UInt64(side - height + 1), columns = UInt64(side - width + 1)
        return Erasure(top: Int(position % rows), left: Int(position / rows % columns), height: height, width: width,
                       fillSeed: fillSeed)
    }

    /// 64 random bits as a uniform number in [0, 1).
    private static func unit(_ bits: UInt64) -> Double { Double(bits >> 11) * 0x1p-53 }

    /// 32 random bits as a uniform number in `range`.
    private static func uniform(_ bits: UInt64, in range: ClosedRange<Double>) -> Double {
        range.lowerBound + Double(bits & 0xFFFF_FFFF) * 0x1p-32 * (range.upperBound - range.lowerBound)
    }

    /// Writes the augmented image: output(r, c) = F(r + offsetY − p, c + offsetX − p), where
    /// F(y, x) = image(y, 27 − x) when mirrored, else image(y, x), and 0 outside the image; then the
    /// erased rectangle, if any, is overwritten with random pixels.
    public func apply(_ draw: Draw, to image: UnsafePointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) {
        let side = LabeledImages.side
        let shiftY = draw.offsetY - cropPadding, shiftX = draw.offsetX - cropPadding
        for row in 0..<side {
            let y = row + shiftY
            for column in 0..<side {
                let x = column + shiftX
                guard y >= 0, y < side, x >= 0, x < side else { output[row * side + column] = 0; continue }
                output[row * side + column] = image[y * side + (draw.mirrored ? side - 1 - x : x)]
            }
        }
        guard let erasure = draw.erasure else { return }
        var fill = SplitMix64(seed: erasure.fillSeed)
        for row in erasure.top..<erasure.top + erasure.height {
            for column in erasure.left..<erasure.left + erasure.width {
                output[row * side + column] = UInt8(truncatingIfNeeded: fill.next() >> 56)
            }
        }
    }
}
