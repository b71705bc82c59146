// The Fashion-MNIST data set: where it lives, loading its four files, class names.
import Foundation

/// A set of 28×28 grey images with their labels; pixels are `count × 784` bytes.
public struct LabeledImages: Sendable {
    public static let side = 28
    public static let pixelsPerImage = 784
    public let pixels: [UInt8]
    public let labels: [UInt8]
    public var count: Int { labels.count }

    public init(pixels: [UInt8], labels: [UInt8]) {
        precondition(pixels.count == labels.count * Self.pixelsPerImage, "pixels and labels disagree")
        self.pixels = pixels
        self.labels = labels
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: some Collection<Int>) -> LabeledImages {
        var newPixels = [UInt8]()
        newPixels.reserveCapacity(indices.count * Self.pixelsPerImage)
        for index in indices {
            newPixels.append(contentsOf: pixels[index * Self.pixelsPerImage..<(index + 1) * Self.pixelsPerImage])
        }
        return LabeledImages(pixels: newPixels, labels: indices.map { labels[$0] })
    }

    /// The 784 pixels of one image.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        pixels[index * Self.pixelsPerImage..<(index + 1) * Self.pixelsPerImage]
    }
}

public struct FashionMNIST: Sendable {
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
    public static let environmentVariable = "FMNIST_DATA"
    static let fileStems = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]

    public let train: LabeledImages
    public let test: LabeledImages
    /// The four files read, in the order train images, train labels, test images, test labels.
    public let files: [String]

    public init(train: LabeledImages, test: LabeledImages, files: [String] = []) {
        self.train = train
        self.test = test
        self.files = files
    }

    /// `--data DIR`, else `$FMNIST_DATA`, else the Debian package's folder.
    public static func resolveDirectory(flag: String?,
                                        environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultDirectory
    }

    /// Loads the four IDX files from `directory`, each either gzip'd (`.gz`) or raw.
    public static func load(from directory: String) throws(DatasetError) -> FashionMNIST {
        var paths = [String]()
        for stem in fileStems {
            let raw = (directory as NSString).appendingPathComponent(stem)
            let gzipped = raw + ".gz"
            if FileManager.default.fileExists(atPath: gzipped) { paths.append(gzipped) }
            else if FileManager.default.fileExists(atPath: raw) { paths.append(raw) }
            else { throw .missingFile(path: gzipped) }
        }
        let train = try loadPair(images: paths[0], labels: paths[1])
        let test = try loadPair(images: paths[2], labels: paths[3])
        return FashionMNIST(train: train, test: test, files: paths)
    }

    static func loadPair(images: String, labels: String) throws(DatasetError) -> LabeledImages {
        let (count, pixels) = try IDXFile.parseImages(IDXFile.contents(of: images), path: images)
        let labelValues = try IDXFile.parseLabels(IDXFile.contents(of: labels), path: labels)
        guard count == labelValues.count else {
            throw .countMismatch(images: images, imageCount: count, labels: labels, labelCount: labelValues.count)
        }
        return LabeledImages(pixels: pixels, labels: labelValues)
    }
}
