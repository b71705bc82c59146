// A small, fast JSON reader for run folders: values, or one object's members read (or skipped) in place.
// Foundation's JSONDecoder takes about 20 µs for a metrics line (150 µs with a confusion matrix); a runs
// view over 1,000 runs of 50 epochs reads 50,000 of them, so run folders are read with this instead.
import Foundation

struct JSONSyntaxError: Error, CustomStringConvertible, Equatable {
    /// Byte offset of the problem.
    let offset: Int
    let reason: String
    var description: String { "\(reason) at byte \(offset)" }
}

/// Reads JSON from `bytes`, advancing `position`. Whitespace is skipped before every token.
struct JSONScanner {
    private let bytes: UnsafeRawBufferPointer
    private(set) var position = 0
    /// Objects and arrays open around the position: values nest by recursion, so the depth is bounded
    /// (a file of a million '[' would otherwise overflow the stack).
    private var depth = 0
    static let maximumDepth = 100

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Parses the whole of `data` as one value.
    static func value(of data: some ContiguousBytes) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = data.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw)
            do throws(JSONSyntaxError) {
                let value = try scanner.value()
                try scanner.expectEnd()
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    mutating func value() throws(JSONSyntaxError) -> JSONValue {
        switch try peek() {
        case UInt8(ascii: "{"):
            try enterNested()
            defer { depth -= 1 }
            var fields = [String: JSONValue]()
            try beginObject()
            var first = true
            while let key = try nextKey(first: &first) { fields[key] = try value() }
            return .object(fields)
        case UInt8(ascii: "["):
            try enterNested()
            defer { depth -= 1 }
            var items = [JSONValue]()
            try beginArray()
            var first = true
            while try nextElement(first: &first) { items.append(try value()) }
            return .array(items)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            let range = try numberRange()
            return .number(String(decoding: bytes[range], as: UTF8.self))
        }
    }

    /// Skips one value of any kind without building it.
    mutating func skipValue() throws(JSONSyntaxError) {
        switch try peek() {
        case UInt8(ascii: "{"):
            try enterNested()
            defer { depth -= 1 }
            try beginObject()
            var first = true
            while try nextKey(first: &first) != nil { try skipValue() }
        case UInt8(ascii: "["): try skipArray()
        case UInt8(ascii: "\""): _ = try stringRange()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try numberRange()
        }
    }

    /// Skips an array by counting brackets outside strings: a confusion matrix is passed over in one loop
    /// (the position kept in a local, which the compiler keeps in a register).
    /// Its contents are not checked; the value after it is, so a cut-off array is still an error.
    private mutating func skipArray() throws(JSONSyntaxError) {
        let start = position
        var depth = 0, index = position
        while index < bytes.count {
            // Eight bytes at a time past digits and commas, most of a confusion matrix.
            if index + 8 <= bytes.count, !Self.holdsBracketOrQuote(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
                continue
            }
            switch bytes[index] {
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { position = index + 1; return }
            case UInt8(ascii: "\""):
                position = index
                _ = try stringRange()
                index = position
                continue
            default: break
            }
            index += 1
        }
        position = index
        throw JSONSyntaxError(offset: start, reason: "unterminated array")
    }

    /// Whether any of the eight bytes in `word` is '[', ']' or '"' (the zero-byte test of each XOR).
    private static func holdsBracketOrQuote(_ word: UInt64) -> Bool {
        func holds(_ byte: UInt8) -> Bool {
            let difference = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
            return (difference &- 0x0101_0101_0101_0101) & ~difference & 0x8080_8080_8080_8080 != 0
        }
        return holds(UInt8(ascii: "[")) || holds(UInt8(ascii: "]")) || holds(UInt8(ascii: "\""))
    }

    /// Reads the start of an object; then call `nextKey(first:)` until it returns nil, reading or skipping
    /// each member's value in between. (A loop, not a closure per member: this is the hot path of a runs view.)
    mutating func beginObject() throws(JSONSyntaxError) { try expect(UInt8(ascii: "{")) }

    /// The next member's key (its colon read), or nil at the end of the object. `first` starts true.
    mutating func nextKey(first: inout Bool) throws(JSONSyntaxError) -> String? {
        guard try nextMember(first: &first) else { return nil }
        let key = try string()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// `nextKey(first:)` looked up in `table`, making no String unless the key has escapes.
    mutating func nextKey<Key>(first: inout Bool, in table: JSONKeyTable<Key>) throws(JSONSyntaxError) -> Key? {
        guard try nextMember(first: &first) else { return nil }
        let (range, hasEscapes) = try stringRange()
        let key: Key
        if hasEscapes {
            var text = try unescape(bytes[range], at: range.lowerBound)
            key = text.withUTF8 { table.key(named: UnsafeRawBufferPointer($0)) }
        } else {
            key = table.key(named: UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// Reads the comma before a member; false at the end of the object (its brace read).
    @inline(__always)
    private mutating func nextMember(first: inout Bool) throws(JSONSyntaxError) -> Bool {
        if try peek() == UInt8(ascii: "}") { position += 1; return false }
        if !first { try expect(UInt8(ascii: ",")) }
        first = false
        return true
    }

    /// Reads the start of an array; then call `nextElement(first:)` until it returns false, reading or
    /// skipping each element in between.
    mutating func beginArray() throws(JSONSyntaxError) { try expect(UInt8(ascii: "[")) }

    /// True when an element follows (its comma read), false at the end of the array. `first` starts true.
    @inline(__always)
    mutating func nextElement(first: inout Bool) throws(JSONSyntaxError) -> Bool {
        if try peek() == UInt8(ascii: "]") { position += 1; return false }
        if !first { try expect(UInt8(ascii: ",")) }
        first = false
        return true
    }

    /// A number (correctly rounded, as `Double(String)`), null as nil, or "inf"/"-inf"/"nan".
    mutating func double() throws(JSONSyntaxError) -> Double? {
        switch try peek() {
        case UInt8(ascii: "n"): try literal("null"); return nil
        case UInt8(ascii: "\""):
            let start = position
            switch try string() {
            case "inf": return .infinity
            case "-inf": return -.infinity
            case "nan": return .nan
            default: throw JSONSyntaxError(offset: start, reason: "a number expected")
            }
        default:
            let range = try numberRange()
            return withUnsafeTemporaryAllocation(of: CChar.self, capacity: range.count + 1) { buffer in
                for (index, byte) in bytes[range].enumerated() { buffer[index] = CChar(bitPattern: byte) }
                buffer[range.count] = 0
                return strtod(buffer.baseAddress!, nil)
            }
        }
    }

    /// Reads a null when one is next (true), else reads nothing (false).
    mutating func null() throws(JSONSyntaxError) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// An integer written without a fraction or exponent.
    mutating func int() throws(JSONSyntaxError) -> Int {
        let start = position
        let range = try numberRange()
        var value = 0, negative = false
        for byte in bytes[range] {
            if byte == UInt8(ascii: "-") { negative = true; continue }
            guard byte >= 0x30 && byte <= 0x39 else { throw JSONSyntaxError(offset: start, reason: "an integer expected") }
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, sumOverflow) = product.addingReportingOverflow(Int(byte - 0x30))
            guard !overflow && !sumOverflow else { throw JSONSyntaxError(offset: start, reason: "an integer too large") }
            value = sum
        }
        return negative ? -value : value
    }

    /// An array of arrays of integers, e.g. a confusion matrix.
    mutating func intMatrix() throws(JSONSyntaxError) -> [[Int]] {
        var rows = [[Int]]()
        rows.reserveCapacity(10)
        try beginArray()
        var firstRow = true
        while try nextElement(first: &firstRow) {
            var row = [Int]()
            row.reserveCapacity(10)
            try beginArray()
            var firstCell = true
            while try nextElement(first: &firstCell) { row.append(try int()) }
            rows.append(row)
        }
        return rows
    }

    /// Throws unless only whitespace is left.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard position == bytes.count else { throw JSONSyntaxError(offset: position, reason: "unexpected text after the value") }
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        let (range, hasEscapes) = try stringRange()
        return hasEscapes ? try unescape(bytes[range], at: range.lowerBound) : String(decoding: bytes[range], as: UTF8.self)
    }

    /// The bytes between a string's quotes, as written, and whether they hold escapes.
    private mutating func stringRange() throws(JSONSyntaxError) -> (range: Range<Int>, hasEscapes: Bool) {
        try expect(UInt8(ascii: "\""))
        let start = position
        var hasEscapes = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return (start..<position - 1, hasEscapes)
            }
            if byte == UInt8(ascii: "\\") { hasEscapes = true; position += 1 }
            position += 1
        }
        throw JSONSyntaxError(offset: start, reason: "unterminated string")
    }

    private func unescape(_ raw: Slice<UnsafeRawBufferPointer>, at offset: Int) throws(JSONSyntaxError) -> String {
        var scalars = String.UnicodeScalarView()
        var utf8 = [UInt8]()
        var index = raw.startIndex
        func flush() { scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars); utf8.removeAll() }
        func hex(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.endIndex else { return nil }
            return UInt32(String(decoding: raw[at..<at + 4], as: UTF8.self), radix: 16)
        }
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < raw.endIndex else { utf8.append(byte); index += 1; continue }
            let escaped = raw[index + 1]
            index += 2
            let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
            if let replacement = simple[escaped] { utf8.append(replacement); continue }
            guard escaped == UInt8(ascii: "u"), var code = hex(index) else {
                throw JSONSyntaxError(offset: offset, reason: "bad escape in a string")
            }
            index += 4
            if (0xD800..<0xDC00).contains(code), index + 6 <= raw.endIndex, raw[index] == UInt8(ascii: "\\"),
               let low = hex(index + 2), (0xDC00..<0xE000).contains(low) {
                code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)
                index += 6
            }
            flush()
            scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
        }
        flush()
        return String(scalars)
    }

    /// The bytes of a number: -?digits(.digits)?([eE][+-]?digits)?
    private mutating func numberRange() throws(JSONSyntaxError) -> Range<Int> {
        skipWhitespace()
        let start = position
        func digits() -> Int {
            let first = position
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
            return position - first
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        var valid = digits() > 0
        if valid, position < bytes.count, bytes[position] == UInt8(ascii: ".") { position += 1; valid = digits() > 0 }
        if valid, position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            valid = digits() > 0
        }
        guard valid else { throw JSONSyntaxError(offset: start, reason: "a value expected") }
        return start..<position
    }

    private mutating func enterNested() throws(JSONSyntaxError) {
        guard depth < Self.maximumDepth else {
            throw JSONSyntaxError(offset: position, reason: "more than \(Self.maximumDepth) nested objects and arrays")
        }
        depth += 1
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              word.withUTF8Buffer({ expected in zip(expected, bytes[position..<position + count]).allSatisfy { $0 == $1 } })
        else { throw JSONSyntaxError(offset: position, reason: "a value expected") }
        position += count
    }

    @inline(__always)
    private mutating func peek() throws(JSONSyntaxError) -> UInt8 {
        skipWhitespace()
        guard position < bytes.count else { throw JSONSyntaxError(offset: position, reason: "unexpected end") }
        return bytes[position]
    }

    @inline(__always)
    private mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard try peek() == byte else {
            throw JSONSyntaxError(offset: position, reason: "'\(Character(Unicode.Scalar(byte)))' expected")
        }
        position += 1
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }
}
