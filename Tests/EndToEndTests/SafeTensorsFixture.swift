// Writes small safetensors files byte by byte, so the CLI tests build bad weights without the ModelFiles module.
import Foundation

enum SafeTensorsFixture {
    /// A safetensors file holding zeros in each (name, shape) tensor.
    static func zeros(_ specs: [(String, [Int])]) -> Data {
        var offset = 0
        let entries = specs.map { name, shape in
            let end = offset + shape.reduce(1, *) * 4
            defer { offset = end }
            let sizes = shape.map(String.init).joined(separator: ",")
            return "\"\(name)\":{\"dtype\":\"F32\",\"shape\":[\(sizes)],\"data_offsets\":[\(offset),\(end)]}"
        }
        var header = Data(("{" + entries.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8))
        return lengthPrefix(UInt64(header.count)) + header + Data(count: offset)
    }

    /// The 8-byte little-endian header length that starts every safetensors file.
    static func lengthPrefix(_ length: UInt64) -> Data {
        withUnsafeBytes(of: length.littleEndian) { Data($0) }
    }

    /// The tensors of the seed's FNet and convNet, as in `ModelKind.parameterSpecs`.
    static let fcnnSpecs: [(String, [Int])] = [
        ("fc1.weight", [512, 784]), ("fc1.bias", [512]), ("fc2.weight", [256, 512]), ("fc2.bias", [256]),
        ("out.weight", [10, 256]), ("out.bias", [10]),
    ]
}
