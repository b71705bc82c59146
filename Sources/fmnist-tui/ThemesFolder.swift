// Where the colour themes are: $FMNIST_THEMES, ./themes, the installed share folder, or the repository's themes/.
import Foundation

enum ThemesFolder {
    /// Relative to the binary's folder when installed: /usr/bin → /usr/share/fmnist-tui/themes.
    static let installedPath = "../share/fmnist-tui/themes"

    /// The folder to read themes from, and why it was chosen.
    /// - Parameter executable: the running binary, symbolic links resolved.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                       executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath())
        -> (path: String, reason: String) {
        if let fromEnvironment = environment["FMNIST_THEMES"], !fromEnvironment.isEmpty {
            return (fromEnvironment, "from $FMNIST_THEMES")
        }
        if hasThemes("themes") { return ("themes", "in the current folder") }
        let binaryFolder = executable.deletingLastPathComponent()
        let installed = binaryFolder.appendingPathComponent(installedPath).standardizedFileURL.path
        if hasThemes(installed) { return (installed, "installed beside \(executable.path)") }
        // A binary in .build/<configuration>/: the repository's themes/ a few folders up.
        var folder = binaryFolder
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("themes").path
            if hasThemes(candidate) { return (candidate, "the source tree's, above \(executable.path)") }
            folder = folder.deletingLastPathComponent()
        }
        return ("themes", "none found: only the built-in dark theme")
    }

    private static func hasThemes(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("dark.theme"))
    }
}
