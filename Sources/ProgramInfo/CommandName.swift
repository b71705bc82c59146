// The name to print in the commands fmnist-tui suggests ("resume with `fmnist-tui resume RUN`"): the one it was started by.
import Foundation
import Synchronization

/// Suggested commands must work when pasted: `fmnist-tui` when the shell finds the program on the PATH,
/// else the path that was typed (`.build/release/fmnist-tui`). The command line sets it once at start;
/// library code and tests that never set it print `fmnist-tui`.
public enum CommandName {
    public static let installed = "fmnist-tui"
    private static let chosen = Mutex(installed)

    /// The name to print in front of a suggested subcommand.
    public static var current: String { chosen.withLock { $0 } }

    /// Adopts the name the process was started by (`CommandLine.arguments[0]`), given `$PATH`.
    public static func adopt(invokedAs argument0: String, searchPath: String?) {
        let name = resolve(invokedAs: argument0, searchPath: searchPath)
        chosen.withLock { $0 = name }
    }

    /// `argument0` when it has no slash (the shell found it on the PATH); the bare file name when the
    /// PATH leads to the same file as the typed path; else the typed path.
    static func resolve(invokedAs argument0: String, searchPath: String?) -> String {
        guard argument0.contains("/") else { return argument0.isEmpty ? installed : argument0 }
        let fileName = (argument0 as NSString).lastPathComponent
        guard let typed = realPath(argument0), let found = lookUp(fileName, searchPath: searchPath),
              realPath(found) == typed else { return argument0 }
        return fileName
    }

    /// The first executable file called `name` in the folders of `searchPath`, as the shell finds it.
    static func lookUp(_ name: String, searchPath: String?) -> String? {
        for folder in (searchPath ?? "").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `--runs-dir '<folder>'`: what a suggested command adds to look in a runs folder other than the default one.
    public static func runsFolderOption(_ folder: String) -> String { "--runs-dir \(shellQuoted(folder))" }

    /// `text` as one word of a POSIX shell: in single quotes, each quote of its own as '\''.
    public static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
