// What tells a file changed without reading it: its inode, size and modification time, from one stat().
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct FileStamp: Equatable, Sendable {
    let inode: UInt64
    let size: UInt64
    let modified: timespec
    let isFolder: Bool

    /// The stamp of the file at `path`; nil when there is none (or it cannot be looked at).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = UInt64(info.st_size)
        modified = info.st_mtim
        isFolder = (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The same file, only longer: bytes were appended and nothing before them rewritten (as far as a stat tells).
    func isAppended(to earlier: FileStamp) -> Bool { inode == earlier.inode && size > earlier.size }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.inode == b.inode && a.size == b.size && a.isFolder == b.isFolder
            && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
    }
}
