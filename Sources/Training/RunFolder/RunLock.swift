// The lock a training process holds on its run folder (flock on `<run>/.lock`): the kernel drops it
// when the process ends, even on kill -9, so a run marked `running` without a holder was interrupted.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

final class RunLock: Sendable {
    static let fileName = ".lock"
    private let descriptor: Int32

    /// Takes the lock, or throws `RunError.inUse` when another trainer holds it.
    init(folder: URL) throws(RunError) {
        let path = folder.appendingPathComponent(Self.fileName).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .unwritableFolder(folder: folder.path, reason: String(cString: strerror(errno)))
        }
        // `isHeld` takes a shared lock for an instant: try a few times before calling the run busy.
        for attempt in 0..<50 {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                self.descriptor = descriptor
                return
            }
            if attempt < 49 { usleep(2_000) }
        }
        close(descriptor)
        throw .inUse(folder: folder.path)
    }

    deinit { close(descriptor) }

    /// Whether a process holds the lock of the run in `folder` now (false when it never had one).
    static func isHeld(folder: URL) -> Bool {
        let descriptor = open(folder.appendingPathComponent(fileName).path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }
}
