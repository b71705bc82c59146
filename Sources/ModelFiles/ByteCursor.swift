// ByteCursor: bounds-checked little-endian reads over a byte array; running off the end throws `truncated`.

/// Reads forward through `bytes[range]`. Every read checks the remaining length first, so malformed
/// input becomes a `ModelFileError.truncated` naming `file` and `context`, never a crash.
struct ByteCursor {
    let bytes: ArraySlice<UInt8>
    let end: Int
    private(set) var position: Int
    let file: String
    let context: String

    /// Positions are indices of `bytes` (a slice keeps its base array's indices).
    init(bytes: ArraySlice<UInt8>, range: Range<Int>? = nil, file: String, context: String) {
        let range = range ?? bytes.indices
        precondition(range.lowerBound >= bytes.startIndex && range.upperBound <= bytes.endIndex,
                     "cursor range outside the bytes")
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
        self.file = file
        self.context = context
    }

    var isAtEnd: Bool { position >= end }

    /// Moves to an absolute position inside the range.
    mutating func seek(to newPosition: Int) throws(ModelFileError) {
        guard newPosition >= bytes.startIndex, newPosition <= end else { throw .truncated(file: file, context: context) }
        position = newPosition
    }

    mutating func skip(_ count: Int) throws(ModelFileError) {
        _ = try take(count)
    }

    /// The range of the next `count` bytes, consumed.
    mutating func take(_ count: Int) throws(ModelFileError) -> Range<Int> {
        guard count >= 0, count <= end - position else { throw .truncated(file: file, context: context) }
        defer { position += count }
        return position..<(position + count)
    }

    mutating func readBytes(_ count: Int) throws(ModelFileError) -> ArraySlice<UInt8> {
        bytes[try take(count)]
    }

    mutating func readUInt8() throws(ModelFileError) -> UInt8 {
        bytes[try take(1).lowerBound]
    }

    mutating func readUInt16() throws(ModelFileError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readLittleEndian(byteCount: 2))
    }

    mutating func readUInt32() throws(ModelFileError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(byteCount: 4))
    }

    mutating func readUInt64() throws(ModelFileError) -> UInt64 {
        try readLittleEndian(byteCount: 8)
    }

    private mutating func readLittleEndian(byteCount: Int) throws(ModelFileError) -> UInt64 {
        let range = try take(byteCount)
        var value: UInt64 = 0
        for index in range.reversed() { value = value << 8 | UInt64(bytes[index]) }
        return value
    }
}
