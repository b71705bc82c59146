// An RGB image and its PNG encoding (zlib's deflate and CRC-32), for image summaries.
import CZlib

/// 8-bit RGB pixels, row-major: `pixels.count == width * height * 3`.
struct RGBImage: Equatable {
    let width: Int
    let height: Int
    private(set) var pixels: [UInt8]

    init(width: Int, height: Int, filledWith color: RGB) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        fill(x: 0, y: 0, width: width, height: height, with: color)
    }

    /// Paints a rectangle, clipped to the image.
    mutating func fill(x: Int, y: Int, width: Int, height: Int, with color: RGB) {
        for row in max(0, y)..<min(self.height, y + height) {
            for column in max(0, x)..<min(self.width, x + width) {
                let offset = (row * self.width + column) * 3
                pixels[offset] = color.red
                pixels[offset + 1] = color.green
                pixels[offset + 2] = color.blue
            }
        }
    }

    func color(x: Int, y: Int) -> RGB {
        let offset = (y * width + x) * 3
        return RGB(red: pixels[offset], green: pixels[offset + 1], blue: pixels[offset + 2])
    }

    /// The image as a PNG file: 8-bit RGB, no interlace, every row with filter type 0.
    func png() -> [UInt8] {
        var raw = [UInt8]()
        raw.reserveCapacity(height * (width * 3 + 1))
        for row in 0..<height {
            raw.append(0)
            raw.append(contentsOf: pixels[row * width * 3..<(row + 1) * width * 3])
        }
        var header = Self.bigEndian(UInt32(width)) + Self.bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]   // bit depth 8, colour type 2 (RGB), deflate, filter 0, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + Self.chunk("IHDR", header) + Self.chunk("IDAT", Self.deflate(raw)) + Self.chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        let crc = typeAndData.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc)
    }

    /// A zlib stream of `data` (deflate with its header and Adler-32), as PNG's IDAT holds it.
    private static func deflate(_ data: [UInt8]) -> [UInt8] {
        var capacity = compressBound(UInt(data.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { target in
            data.withUnsafeBufferPointer { compress2(target.baseAddress, &capacity, $0.baseAddress, UInt($0.count), 9) }
        }
        precondition(status == Z_OK, "compress2 failed with \(status) although the buffer had compressBound's size")
        return Array(output.prefix(Int(capacity)))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}

struct RGB: Equatable {
    let red, green, blue: UInt8

    /// The colour `amount` (0…1) of the way from `start` to `end`.
    static func blend(_ start: RGB, _ end: RGB, _ amount: Double) -> RGB {
        let share = min(max(amount, 0), 1)
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * share).rounded()) }
        return RGB(red: channel(start.red, end.red), green: channel(start.green, end.green), blue: channel(start.blue, end.blue))
    }
}
