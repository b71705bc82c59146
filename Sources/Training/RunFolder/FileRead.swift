// A run's small files read with open/pread/close: the runs view reads four files of each of a thousand runs,
// and Foundation's FileManager.contents and FileHandle cost several times these three calls per file.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum FileRead {
    /// Up to `count` bytes of the file at `path` from `offset` (fewer when it is shorter now); nil when it
    /// cannot be opened or read. Callers pass the size a `FileStamp` gave, so that what they read matches the
    /// stamp they keep: bytes written after the stamp are read once a later stamp shows them.
    static func bytes(atPath path: String, from offset: UInt64 = 0, count: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 0)) { buffer, initialized in
            initialized = 0
            while initialized < count {
                let read = pread(descriptor, buffer.baseAddress! + initialized, count - initialized, off_t(offset) + off_t(initialized))
                if read > 0 {
                    initialized += read
                } else if read < 0 && errno == EINTR {
                    continue
                } else {
                    failed = read < 0
                    return
                }
            }
        }
        return failed ? nil : bytes
    }
}
