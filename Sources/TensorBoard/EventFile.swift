// An event file as TensorBoard reads it: a sequence of framed records, each a serialized Event.
import Foundation
import SwiftProtobuf
#if canImport(Glibc)
import Glibc
#endif

/// One `events.out.tfevents.*` file, written record by record. Each record is
///   uint64 length (little-endian) · masked CRC-32C of those 8 bytes · the data · masked CRC-32C of the data.
/// Records go straight to the file with write(2), so a TensorBoard watching the folder sees every
/// event as soon as it is appended, and a crash loses at most the record being written.
final class EventFile {
    let url: URL
    private let descriptor: Int32

    /// Creates a new file in `folder`, named `name(0)`, or `name(1)`, `name(2)`… when that exists.
    init(creatingIn folder: URL, name: (Int) -> String) throws(TensorBoardError) {
        var attempt = 0
        while true {
            let candidate = folder.appendingPathComponent(name(attempt))
            let opened = open(candidate.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if opened >= 0 {
                url = candidate
                descriptor = opened
                return
            }
            guard errno == EEXIST, attempt < 100 else {
                throw .cannotWrite(path: candidate.path, reason: String(cString: strerror(errno)))
            }
            attempt += 1
        }
    }

    deinit { close(descriptor) }

    func append(_ event: Tensorboard_Event) throws(TensorBoardError) {
        let data: [UInt8]
        do { data = try event.serializedBytes() } catch {
            throw .cannotWrite(path: url.path, reason: "cannot encode an event: \(error)")
        }
        let record = Self.record(data)
        var written = 0
        while written < record.count {
            let count = record.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, record.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw .cannotWrite(path: url.path, reason: String(cString: strerror(errno))) }
            written += count
        }
    }

    /// `data` framed as one record.
    static func record(_ data: [UInt8]) -> [UInt8] {
        let length = littleEndianBytes(UInt64(data.count))
        return length + littleEndianBytes(CRC32C.masked(CRC32C.checksum(length)))
            + data + littleEndianBytes(CRC32C.masked(CRC32C.checksum(data)))
    }

    private static func littleEndianBytes(_ value: some FixedWidthInteger) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
