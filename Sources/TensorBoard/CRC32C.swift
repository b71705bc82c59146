// CRC-32C (Castagnoli), the checksum of TensorBoard's record framing, and the "masked" form records store.

enum CRC32C {
    /// Reflected polynomial 0x82F63B78 (Castagnoli), one entry per byte value.
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0x82F6_3B78 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }

    /// TensorFlow's masking, so that a CRC computed over data holding CRCs stays informative:
    /// rotate right by 15 bits, then add 0xa282ead8.
    static func masked(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
