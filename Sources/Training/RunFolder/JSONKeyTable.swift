// JSONKeyTable: the member names a hot loop picks out of an object, matched on their bytes, so that reading
// a key makes no String (a runs view reads eight keys in each of 50,000 metrics lines).
import Foundation

struct JSONKeyTable<Key: Sendable>: Sendable {
    private let entries: [(name: [UInt8], key: Key)]
    /// What a name not in the table reads as.
    let other: Key

    init(_ names: KeyValuePairs<String, Key>, other: Key) {
        entries = names.map { (Array($0.key.utf8), $0.value) }
        self.other = other
    }

    /// The key named by `bytes` (UTF-8, escapes undone), or `other`.
    func key(named bytes: UnsafeRawBufferPointer) -> Key {
        for entry in entries where entry.name.count == bytes.count {
            if entry.name.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { return entry.key }
        }
        return other
    }
}
