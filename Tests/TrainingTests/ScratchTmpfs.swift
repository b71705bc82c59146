// A small tmpfs a test mounts (as root) to fill it up, and unmounts after.
import Foundation

/// A tmpfs mounted for one test; `mount` needs root (and a container allowed to mount).
struct ScratchTmpfs {
    let mountPoint: URL

    static let available: Bool = {
        guard getuid() == 0, let probe = try? ScratchTmpfs(megabytes: 1) else { return false }
        probe.unmount()
        return true
    }()

    init(megabytes: Int) throws {
        mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", mountPoint.path]) else {
            throw CocoaError(.fileWriteNoPermission)
        }
    }

    func unmount() {
        _ = Self.run("/bin/umount", ["-l", mountPoint.path])
        try? FileManager.default.removeItem(at: mountPoint)
    }

    /// Fills the file system up to `leaving` free bytes with one file.
    func fill(leaving: Int) throws {
        var stats = statvfs()
        guard statvfs(mountPoint.path, &stats) == 0 else { throw CocoaError(.fileReadUnknown) }
        let free = Int(stats.f_bavail) * Int(stats.f_frsize)
        try Data(count: max(0, free - leaving)).write(to: mountPoint.appendingPathComponent("filler"))
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
