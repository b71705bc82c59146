// FileBytes: whole-file reads and atomic writes (temporary file in the same folder, then rename).
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A failure that tests make `FileBytes.writeAtomically` report at one step of writing one file (its whole path,
/// so that tests running beside it are not hit), as the system would (an I/O error, a full disk), to check
/// that every save survives it. Never set in normal runs.
public struct InjectedWriteFault: Sendable {
    public enum Step: String, Sendable, CaseIterable { case create, write, flush, close, rename }
    public let path: String
    public let step: Step
    public let errorNumber: Int32

    public init(path: String, step: Step, errorNumber: Int32 = EIO) {
        (self.path, self.step, self.errorNumber) = (path, step, errorNumber)
    }

    /// The fault in force; nil but in fault tests.
    public static let current = Mutex<InjectedWriteFault?>(nil)

    /// Sets errno and returns true when the fault in force is for this step of this file.
    static func strikes(_ step: Step, _ url: URL) -> Bool {
        guard let fault = current.withLock({ $0 }), fault.step == step, fault.path == url.path else {
            return false
        }
        errno = fault.errorNumber
        return true
    }
}

public enum FileBytes {
    /// Temporary files are named `.<name>.<uuid>` + this suffix; a crash mid-write can leave one behind.
    public static let temporarySuffix = ".partial"

    public static func read(_ url: URL) throws(ModelFileError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw .cannotRead(file: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Writes `bytes` to a hidden temporary file beside `url`, flushes it to disk and renames it over `url`,
    /// so readers see the old file or the whole new one. On any failure (disk full, missing folder, …)
    /// the temporary file is removed and the error names the system's reason.
    public static func writeAtomically(_ bytes: [UInt8], to url: URL) throws(ModelFileError) {
        let temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)\(temporarySuffix)").path
        let descriptor = InjectedWriteFault.strikes(.create, url) ? -1
            : open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(url, step: "create a temporary file") }
        var succeeded = false
        defer { if !succeeded { unlink(temporaryPath) } }

        var written = 0
        while written < bytes.count {
            let result = InjectedWriteFault.strikes(.write, url) ? -1 : bytes.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let error = failure(url, step: "write")
                close(descriptor)
                throw error
            }
            written += result
        }
        guard !InjectedWriteFault.strikes(.flush, url) && fsync(descriptor) == 0 else {
            let error = failure(url, step: "flush")
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 && !InjectedWriteFault.strikes(.close, url) else { throw failure(url, step: "close") }
        guard !InjectedWriteFault.strikes(.rename, url) && rename(temporaryPath, url.path) == 0 else { throw failure(url, step: "rename into place") }
        succeeded = true
    }

    /// Reads `errno` at once, before anything else can change it.
    private static func failure(_ url: URL, step: String) -> ModelFileError {
        let reason = errno == 0 ? "unknown error" : String(cString: strerror(errno))
        return .cannotWrite(file: url.path, reason: "\(step): \(reason)")
    }
}
