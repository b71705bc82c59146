// Seeded data augmentation of 28×28 training images: horizontal flips and shifted crops.
import FashionMNIST
import NeuralNet

public struct Augmentation: Sendable, Equatable {
    /// Sandal, Sneaker, Ankle boot: every shoe in the data set faces the same way, so a mirrored
    /// shoe is an image the test set never has.
    public static let unflippedClasses: Set<UInt8> = [5, 7, 9]

    public let flip: Bool
    /// Crops of 28×28 from the image padded by this many zero pixels on every side.
    public let cropPadding: Int

    public init(flip: Bool, cropPadding: Int) {
        self.flip = flip
        self.cropPadding = cropPadding
    }

    public var isIdentity: Bool { !flip && cropPadding == 0 }

    /// What to do to one image. Always draws the same amount of randomness whatever the label, so
    /// the stream of draws does not depend on the data.
    public struct Draw: Sendable, Equatable {
        public let mirrored: Bool
        /// Top-left corner of the crop in the padded image, each in 0…2·padding.
        public let offsetY: Int, offsetX: Int
    }

    public func draw(label: UInt8, rng: inout SplitMix64) -> Draw {
        let coin = rng.next(), corner = rng.next()
        let span = UInt64(2 * cropPadding + 1)
        return Draw(mirrored: flip && coin >> 63 == 1 && !Self.unflippedClasses.contains(label),
                    offsetY: Int(corner % span), offsetX: Int(corner / span % span))
    }

    /// Writes the augmented image: output(r, c) = F(r + offsetY − p, c + offsetX − p), where
    /// F(y, x) = image(y, 27 − x) when mirrored, else image(y, x), and 0 outside the image.
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
    }
}
