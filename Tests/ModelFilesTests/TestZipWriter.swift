// TestZipWriter: builds small zip archives in memory as test fixtures, optionally with zip64 records like torch.save.
@testable import ModelFiles

struct TestZipEntry {
    var name: String
    var contents: [UInt8]
    /// 0 = stored; anything else marks the entry compressed without compressing it.
    var method: UInt16 = 0
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<Integer: FixedWidthInteger>(_ value: Integer) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

enum TestZipWriter {
    /// With `zip64`, sizes and offsets go to zip64 extra fields and a zip64 end record, as PyTorch writes them.
    static func archive(_ entries: [TestZipEntry], comment: String = "", zip64: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        var centralDirectory: [UInt8] = []
        for entry in entries {
            let offset = bytes.count
            let crc = CRC32.checksum(entry.contents[...])
            let name = Array(entry.name.utf8)
            bytes.appendLittleEndian(UInt32(0x0403_4B50))
            bytes.appendLittleEndian(UInt16(20))  // version needed
            bytes.appendLittleEndian(UInt16(0))  // flags
            bytes.appendLittleEndian(entry.method)
            bytes.appendLittleEndian(UInt32(0))  // time, date
            bytes.appendLittleEndian(crc)
            bytes.appendLittleEndian(UInt32(entry.contents.count))
            bytes.appendLittleEndian(UInt32(entry.contents.count))
            bytes.appendLittleEndian(UInt16(name.count))
            bytes.appendLittleEndian(UInt16(3))  // extra: torch-style padding field
            bytes.append(contentsOf: name)
            bytes.append(contentsOf: [0x46, 0x42, 0])
            bytes.append(contentsOf: entry.contents)

            var extra: [UInt8] = []
            if zip64 {
                extra.appendLittleEndian(UInt16(1))
                extra.appendLittleEndian(UInt16(24))
                extra.appendLittleEndian(UInt64(entry.contents.count))
                extra.appendLittleEndian(UInt64(entry.contents.count))
                extra.appendLittleEndian(UInt64(offset))
            }
            let size32 = zip64 ? UInt32.max : UInt32(entry.contents.count)
            centralDirectory.appendLittleEndian(UInt32(0x0201_4B50))
            centralDirectory.appendLittleEndian(UInt16(0x031E))  // made by
            centralDirectory.appendLittleEndian(UInt16(20))
            centralDirectory.appendLittleEndian(UInt16(0))
            centralDirectory.appendLittleEndian(entry.method)
            centralDirectory.appendLittleEndian(UInt32(0))
            centralDirectory.appendLittleEndian(crc)
            centralDirectory.appendLittleEndian(size32)
            centralDirectory.appendLittleEndian(size32)
            centralDirectory.appendLittleEndian(UInt16(name.count))
            centralDirectory.appendLittleEndian(UInt16(extra.count))
            centralDirectory.appendLittleEndian(UInt16(0))  // comment
            centralDirectory.appendLittleEndian(UInt16(0))  // disk
            centralDirectory.appendLittleEndian(UInt16(0))  // internal attributes
            centralDirectory.appendLittleEndian(UInt32(0))  // external attributes
            centralDirectory.appendLittleEndian(zip64 ? UInt32.max : UInt32(offset))
            centralDirectory.append(contentsOf: name)
            centralDirectory.append(contentsOf: extra)
        }
        let directoryOffset = bytes.count
        bytes.append(contentsOf: centralDirectory)
        if zip64 {
            let recordOffset = bytes.count
            bytes.appendLittleEndian(UInt32(0x0606_4B50))
            bytes.appendLittleEndian(UInt64(44))
            bytes.appendLittleEndian(UInt16(0x031E))
            bytes.appendLittleEndian(UInt16(45))
            bytes.appendLittleEndian(UInt32(0))
            bytes.appendLittleEndian(UInt32(0))
            bytes.appendLittleEndian(UInt64(entries.count))
            bytes.appendLittleEndian(UInt64(entries.count))
            bytes.appendLittleEndian(UInt64(centralDirectory.count))
            bytes.appendLittleEndian(UInt64(directoryOffset))
            bytes.appendLittleEndian(UInt32(0x0706_4B50))
            bytes.appendLittleEndian(UInt32(0))
            bytes.appendLittleEndian(UInt64(recordOffset))
            bytes.appendLittleEndian(UInt32(1))
        }
        let commentBytes = Array(comment.utf8)
        bytes.appendLittleEndian(UInt32(0x0605_4B50))
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt16(entries.count))
        bytes.appendLittleEndian(UInt16(entries.count))
        bytes.appendLittleEndian(UInt32(centralDirectory.count))
        bytes.appendLittleEndian(zip64 ? UInt32.max : UInt32(directoryOffset))
        bytes.appendLittleEndian(UInt16(commentBytes.count))
        bytes.append(contentsOf: commentBytes)
        return bytes
    }
}
