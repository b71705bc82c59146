// CRC-32C and record framing against known vectors: RFC 3720's and TensorBoard's own Python writer's.
import Testing
@testable import TensorBoard

@Suite("record framing")
struct RecordFramingTests {
    static let knownVectors: [([UInt8], UInt32)] = [
        (Array("123456789".utf8), 0xE306_9283),
        ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),        // RFC 3720 B.4
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        (Array(0...31), 0x46DD_794E),
        (Array((0...31).reversed()), 0x113F_DB5C),
        ([], 0),
    ]

    @Test(arguments: knownVectors)
    func crc32cMatchesKnownVectors(bytes: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(bytes) == expected)
    }

    /// Masked values as tensorboard.compat.tensorflow_stub's masked_crc32c gives them.
    @Test func maskingMatchesTensorFlow() {
        #expect(CRC32C.masked(CRC32C.checksum(Array("123456789".utf8))) == 0xC78A_B0E5)
        #expect(CRC32C.masked(CRC32C.checksum([UInt8](repeating: 0, count: 32))) == 0x0FD7_FFFA)
        #expect(CRC32C.masked(0) == 0xA282_EAD8)
    }

    /// The bytes TensorBoard's RecordWriter writes for the record "fmnist-tui".
    @Test func aRecordIsFramedAsTensorBoardFramesIt() {
        let expected: [UInt8] = [0x0A, 0, 0, 0, 0, 0, 0, 0, 0xAE, 0xA3, 0xBF, 0x3A] + Array("fmnist-tui".utf8)
            + [0x3F, 0x97, 0xFC, 0xB4]
        #expect(EventFile.record(Array("fmnist-tui".utf8)) == expected)
    }
}
