// ZipArchive: a minimal read-only zip reader for stored entries, the layout torch.save writes (zip64 included).

/// The central directory of a zip held in memory. Only stored (method 0) entries can be read;
/// every offset and size from the file is checked against the byte count before use.
struct ZipArchive {
    struct Entry {
        let name: String
        let flags: UInt16
        let method: UInt16
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let file: String
    /// Central-directory order.
    let entries: [Entry]
    private let entryIndexByName: [String: Int]

    private enum Signature {
        static let localHeader: UInt32 = 0x0403_4B50
        static let centralHeader: UInt32 = 0x0201_4B50
        static let endOfCentralDirectory: UInt32 = 0x0605_4B50
        static let zip64End: UInt32 = 0x0606_4B50
        static let zip64Locator: UInt32 = 0x0706_4B50
    }

    private struct Directory {
        var entryCount: UInt64
        var size: UInt64
        var offset: UInt64
    }

    init(bytes: [UInt8], file: String) throws(ModelFileError) {
        self.bytes = bytes
        self.file = file
        let endRecordOffset = try Self.findEndRecord(in: bytes, file: file)
        let directory = try Self.readDirectoryLocation(bytes: bytes, endRecordOffset: endRecordOffset, file: file)
        let start = try Self.int(directory.offset, file: file, context: "the central directory")
        let size = try Self.int(directory.size, file: file, context: "the central directory")
        guard start <= bytes.count, size <= bytes.count - start else {
            throw .truncated(file: file, context: "the central directory")
        }
        var cursor = ByteCursor(bytes: bytes[...], range: start..<(start + size), file: file,
                                context: "the central directory")
        var entries: [Entry] = []
        var entryIndexByName: [String: Int] = [:]
        for _ in 0..<directory.entryCount {
            let entry = try Self.readCentralEntry(&cursor)
            if entryIndexByName[entry.name] == nil { entryIndexByName[entry.name] = entries.count }
            entries.append(entry)
        }
        self.entries = entries
        self.entryIndexByName = entryIndexByName
    }

    func entry(named name: String) -> Entry? {
        entryIndexByName[name].map { entries[$0] }
    }

    /// The bytes of a stored entry after checking its method, bounds and CRC-32.
    func contents(of entry: Entry) throws(ModelFileError) -> ArraySlice<UInt8> {
        guard entry.flags & 1 == 0 else {
            throw .unsupportedZip(file: file, reason: "entry '\(entry.name)' is encrypted")
        }
        guard entry.method == 0 else {
            throw .compressedEntry(file: file, entry: entry.name, method: Int(entry.method))
        }
        guard entry.compressedSize == entry.uncompressedSize else {
            throw .unsupportedZip(file: file, reason: "stored entry '\(entry.name)' has two different sizes")
        }
        let context = "zip entry '\(entry.name)'"
        var cursor = ByteCursor(bytes: bytes[...], file: file, context: context)
        try cursor.seek(to: entry.localHeaderOffset)
        guard try cursor.readUInt32() == Signature.localHeader else {
            throw .unsupportedZip(file: file, reason: "no local header where '\(entry.name)' should start")
        }
        try cursor.skip(22)
        let nameLength = Int(try cursor.readUInt16())
        let extraLength = Int(try cursor.readUInt16())
        try cursor.skip(nameLength + extraLength)
        let contents = try cursor.readBytes(entry.compressedSize)
        guard CRC32.checksum(contents) == entry.crc32 else {
            throw .checksumMismatch(file: file, entry: entry.name)
        }
        return contents
    }

    /// The end-of-central-directory record is the last signature whose comment length reaches the file's end.
    private static func findEndRecord(in bytes: [UInt8], file: String) throws(ModelFileError) -> Int {
        let recordLength = 22
        guard bytes.count >= recordLength else { throw .notAZip(file: file) }
        let earliest = max(0, bytes.count - recordLength - Int(UInt16.max))
        for offset in stride(from: bytes.count - recordLength, through: earliest, by: -1)
        where bytes[offset] == 0x50 && bytes[offset + 1] == 0x4B && bytes[offset + 2] == 5 && bytes[offset + 3] == 6 {
            let commentLength = Int(bytes[offset + 20]) | Int(bytes[offset + 21]) << 8
            if offset + recordLength + commentLength == bytes.count { return offset }
        }
        throw .notAZip(file: file)
    }

    private static func readDirectoryLocation(bytes: [UInt8], endRecordOffset: Int,
                                              file: String) throws(ModelFileError) -> Directory {
        var cursor = ByteCursor(bytes: bytes[...], file: file, context: "the end-of-central-directory record")
        try cursor.seek(to: endRecordOffset + 4)
        let disk = try cursor.readUInt16()
        let directoryDisk = try cursor.readUInt16()
        _ = try cursor.readUInt16()
        let entryCount = try cursor.readUInt16()
        let size = try cursor.readUInt32()
        let offset = try cursor.readUInt32()
        if endRecordOffset >= 20 {
            try cursor.seek(to: endRecordOffset - 20)
            if try cursor.readUInt32() == Signature.zip64Locator {
                return try readZip64Directory(&cursor, file: file)
            }
        }
        guard disk == 0, directoryDisk == 0 else {
            throw .unsupportedZip(file: file, reason: "the archive spans several disks")
        }
        return Directory(entryCount: UInt64(entryCount), size: UInt64(size), offset: UInt64(offset))
    }

    /// Reads the zip64 locator (cursor just past its signature) and the record it points to.
    private static func readZip64Directory(_ cursor: inout ByteCursor,
                                           file: String) throws(ModelFileError) -> Directory {
        let recordDisk = try cursor.readUInt32()
        let recordOffset = try int(try cursor.readUInt64(), file: file, context: "the zip64 end record")
        let diskCount = try cursor.readUInt32()
        guard recordDisk == 0, diskCount <= 1 else {
            throw .unsupportedZip(file: file, reason: "the archive spans several disks")
        }
        try cursor.seek(to: recordOffset)
        guard try cursor.readUInt32() == Signature.zip64End else {
            throw .unsupportedZip(file: file, reason: "the zip64 locator points to no zip64 end record")
        }
        try cursor.skip(8 + 2 + 2)
        guard try cursor.readUInt32() == 0, try cursor.readUInt32() == 0 else {
            throw .unsupportedZip(file: file, reason: "the archive spans several disks")
        }
        _ = try cursor.readUInt64()
        return Directory(entryCount: try cursor.readUInt64(), size: try cursor.readUInt64(),
                         offset: try cursor.readUInt64())
    }

    private static func readCentralEntry(_ cursor: inout ByteCursor) throws(ModelFileError) -> Entry {
        let file = cursor.file
        guard try cursor.readUInt32() == Signature.centralHeader else {
            throw .unsupportedZip(file: file, reason: "a central directory entry has a wrong signature")
        }
        try cursor.skip(4)
        let flags = try cursor.readUInt16()
        let method = try cursor.readUInt16()
        try cursor.skip(4)
        let crc32 = try cursor.readUInt32()
        var compressedSize = UInt64(try cursor.readUInt32())
        var uncompressedSize = UInt64(try cursor.readUInt32())
        let nameLength = Int(try cursor.readUInt16())
        let extraLength = Int(try cursor.readUInt16())
        let commentLength = Int(try cursor.readUInt16())
        try cursor.skip(8)
        var localHeaderOffset = UInt64(try cursor.readUInt32())
        let name = String(decoding: try cursor.readBytes(nameLength), as: UTF8.self)
        var extra = ByteCursor(bytes: cursor.bytes, range: try cursor.take(extraLength), file: file,
                               context: "the extra fields of zip entry '\(name)'")
        try cursor.skip(commentLength)

        // Zip64 extended information (tag 1) holds, in order, each field whose 32-bit value is all ones.
        while !extra.isAtEnd {
            let tag = try extra.readUInt16()
            let fieldRange = try extra.take(Int(try extra.readUInt16()))
            guard tag == 1 else { continue }
            var field = ByteCursor(bytes: cursor.bytes, range: fieldRange, file: file, context: extra.context)
            if uncompressedSize == 0xFFFF_FFFF { uncompressedSize = try field.readUInt64() }
            if compressedSize == 0xFFFF_FFFF { compressedSize = try field.readUInt64() }
            if localHeaderOffset == 0xFFFF_FFFF { localHeaderOffset = try field.readUInt64() }
        }
        let context = "zip entry '\(name)'"
        return Entry(name: name, flags: flags, method: method, crc32: crc32,
                     compressedSize: try int(compressedSize, file: file, context: context),
                     uncompressedSize: try int(uncompressedSize, file: file, context: context),
                     localHeaderOffset: try int(localHeaderOffset, file: file, context: context))
    }

    /// A size or offset too large for `Int` cannot lie inside the bytes we hold.
    private static func int(_ value: UInt64, file: String, context: String) throws(ModelFileError) -> Int {
        guard let converted = Int(exactly: value) else { throw .truncated(file: file, context: context) }
        return converted
    }
}
