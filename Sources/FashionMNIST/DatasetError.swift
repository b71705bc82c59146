// Errors a user can cause when pointing the program at Fashion-MNIST files.
import Foundation

public enum DatasetError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case badGzip(path: String, reason: String)
    case badMagic(path: String, found: UInt32, expected: UInt32)
    case wrongDimensions(path: String, found: [Int], expected: [Int])
    case truncated(path: String, expectedBytes: Int, foundBytes: Int)
    case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
    case badLabel(path: String, index: Int, value: UInt8)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "missing data file \(path): install it with `apt-get install dataset-fashion-mnist`, "
                + "or point --data (or $FMNIST_DATA) at a folder holding the four Fashion-MNIST IDX files"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .badGzip(let path, let reason):
            return "\(path) is not a valid gzip file (\(reason)); re-download or reinstall the data set"
        case .badMagic(let path, let found, let expected):
            return String(format: "%@ is not an IDX file of the expected kind: magic number 0x%08x, expected 0x%08x",
                          path, found, expected)
        case .wrongDimensions(let path, let found, let expected):
            return "\(path) has images of \(found.map(String.init).joined(separator: "×")), expected "
                + expected.map(String.init).joined(separator: "×")
        case .truncated(let path, let expectedBytes, let foundBytes):
            return "\(path) is truncated or padded: its header promises \(expectedBytes) bytes, the file has \(foundBytes)"
        case .countMismatch(let images, let imageCount, let labels, let labelCount):
            return "\(images) holds \(imageCount) images but \(labels) holds \(labelCount) labels"
        case .badLabel(let path, let index, let value):
            return "\(path): label \(index) is \(value), expected 0–9"
        }
    }
}
