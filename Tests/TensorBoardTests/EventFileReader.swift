// Reads event files back for the tests: checks every record's framing and CRCs, decodes the events.
import Foundation
@testable import TensorBoard

enum EventFileReader {
    struct Damaged: Error, CustomStringConvertible { let description: String }

    /// The events of the file, in order.
    static func events(in url: URL) throws -> [Tensorboard_Event] {
        let bytes = [UInt8](try Data(contentsOf: url))
        var events = [Tensorboard_Event]()
        var offset = 0
        func littleEndian<Value: FixedWidthInteger>(_ type: Value.Type, at position: Int) -> Value {
            bytes[position..<position + MemoryLayout<Value>.size].reversed().reduce(Value(0)) { $0 << 8 | Value($1) }
        }
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw Damaged(description: "truncated header at \(offset)") }
            let length = Int(littleEndian(UInt64.self, at: offset))
            guard littleEndian(UInt32.self, at: offset + 8) == CRC32C.masked(CRC32C.checksum(bytes[offset..<offset + 8])) else {
                throw Damaged(description: "bad length CRC at \(offset)")
            }
            let start = offset + 12, end = start + length
            guard end + 4 <= bytes.count else { throw Damaged(description: "truncated record at \(offset)") }
            guard littleEndian(UInt32.self, at: end) == CRC32C.masked(CRC32C.checksum(bytes[start..<end])) else {
                throw Damaged(description: "bad data CRC at \(offset)")
            }
            events.append(try Tensorboard_Event(serializedBytes: Array(bytes[start..<end])))
            offset = end + 4
        }
        return events
    }

    /// The `simple_value` scalars of `events` as tag → [(step, value)].
    static func scalars(_ events: [Tensorboard_Event]) -> [String: [(step: Int, value: Float)]] {
        var series = [String: [(step: Int, value: Float)]]()
        for event in events {
            for value in event.summary.value {
                if case .simpleValue(let number) = value.value { series[value.tag, default: []].append((Int(event.step), number)) }
            }
        }
        return series
    }
}
