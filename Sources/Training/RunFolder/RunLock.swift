// The lock a training process holds on its run folder (flock on `<run>/.lock`): the kernel drops it
// when the process ends, even on kill -9, so a run marked `running` without a holder was interrupted.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

final class RunLock: Sendable {
    static let fileName = ".lock"
    /// Tries 10 ms apart before `RunError.inUse`.
    static let attempts = 200
    private let descriptor: Int32

    /// Takes the lock, or throws `RunError.inUse` when another trainer holds it.
    init(folder: URL) throws(RunError) {
        let path = folder.appendingPathComponent(Self.fileName).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .unwritableFolder(folder: folder.path, reason: String(cString: strerror(errno)))
        }
        // Others hold the lock for an instant without training: `isHeld` takes a shared lock, and a child this
        // process is spawning keeps a copy of a closed lock's descriptor (and so the lock) until its exec, which a
        // loaded machine can delay by tens of milliseconds. Try for up to 2 s before calling the run busy.
        for attempt in 0..<Self.attempts {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                self.descriptor = descriptor
                return
            }
            if attempt < Self.attempts - 1 { usleep(10_000) }
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
