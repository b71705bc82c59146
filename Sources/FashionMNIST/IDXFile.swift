// Reader for the IDX format of (Fashion-)MNIST: big-endian header, then uint8 data.
import Foundation

public enum IDXFile {
    public static let imagesMagic: UInt32 = 0x0000_0803
    public static let labelsMagic: UInt32 = 0x0000_0801

    /// Reads a file's bytes, inflating it when it is gzip'd.
    static func contents(of path: String) throws(DatasetError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path: path) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        let bytes = [UInt8](data)
        return Gzip.isGzip(bytes) ? try Gzip.decompress(bytes, path: path) : bytes
    }

    /// Parses an image file: returns the count and the pixels, `count × rows × columns` bytes.
    public static func parseImages(_ bytes: [UInt8], path: String, rows: Int = 28, columns: Int = 28)
        throws(DatasetError) -> (count: Int, pixels: [UInt8])
    {
        let header = 16
        guard bytes.count >= header else { throw .truncated(path: path, expectedBytes: header, foundBytes: bytes.count) }
        let magic = bigEndian(bytes, at: 0)
        guard magic == imagesMagic else { throw .badMagic(path: path, found: magic, expected: imagesMagic) }
        let count = Int(bigEndian(bytes, at: 4))
        let found = [Int(bigEndian(bytes, at: 8)), Int(bigEndian(bytes, at: 12))]
        guard found == [rows, columns] else { throw .wrongDimensions(path: path, found: found, expected: [rows, columns]) }
        let expected = header + count * rows * columns
        guard bytes.count == expected else { throw .truncated(path: path, expectedBytes: expected, foundBytes: bytes.count) }
        return (count, Array(bytes[header...]))
    }

    /// Parses a label file and checks every label is a class index 0–9.
    public static func parseLabels(_ bytes: [UInt8], path: String) throws(DatasetError) -> [UInt8] {
        let header = 8
        guard bytes.count >= header else { throw .truncated(path: path, expectedBytes: header, foundBytes: bytes.count) }
        let magic = bigEndian(bytes, at: 0)
        guard magic == labelsMagic else { throw .badMagic(path: path, found: magic, expected: labelsMagic) }
        let count = Int(bigEndian(bytes, at: 4))
        let expected = header + count
        guard bytes.count == expected else { throw .truncated(path: path, expectedBytes: expected, foundBytes: bytes.count) }
        let labels = Array(bytes[header...])
        if let index = labels.firstIndex(where: { $0 > 9 }) {
            throw .badLabel(path: path, index: index, value: labels[index])
        }
        return labels
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
