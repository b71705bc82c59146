// The program's version: the one place it is written (config.json, `--version` and the Makefile's .deb read it).
public enum ProgramInfo {
    /// The release version. The Makefile reads it from this line to name the Debian package.
    public static let version = "0.1.0"

    /// "fmnist-tui 0.1.0": what a run's config.json records as the program that trained it.
    public static var nameAndVersion: String { "fmnist-tui \(version)" }
}
