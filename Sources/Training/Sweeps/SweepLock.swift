// The lock of a sweep folder (flock on `<sweep>/.lock`): every change to sweep.json, and every claim of a
// trial, happens while holding it, so workers started at once see each other's claims. The kernel drops
// it when its holder dies, even on kill -9.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

final class SweepLock {
    private let descriptor: Int32

    /// Waits until the lock is free and takes it.
    init(folder: URL) throws(SweepError) {
        let path = folder.appendingPathComponent(".lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .cannotWrite(path: path, reason: "flock: \(reason)")
            }
        }
    }

    deinit { close(descriptor) }
}
