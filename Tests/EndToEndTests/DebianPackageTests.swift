// The Debian package end to end: `make deb`, `dpkg -i`, the program run from /usr/bin (version, eval of a
// checkpoint it trained, a theme lookup, the name it suggests), then `dpkg --purge`. Root only, and only with
// FMNIST_TEST_DEB=1 (`make test-deb`, which CI runs), since it installs a package system-wide and builds for
// minutes. With FMNIST_DEB_FROM=FOLDER (`make test-deb`) the static binary and the manual generator are already
// built there, and the test only packs them (scripts/build-deb.sh); else it runs `make deb`.
import Foundation
import Testing

@Suite("Debian package", .serialized)
struct DebianPackageTests {
    static let isRoot = getuid() == 0
    static let requested = ProcessInfo.processInfo.environment["FMNIST_TEST_DEB"] != nil
    static let prebuiltFolder = ProcessInfo.processInfo.environment["FMNIST_DEB_FROM"]
    static let installed = URL(fileURLWithPath: "/usr/bin/fmnist-tui")

    private func run(_ program: String, _ arguments: [String], environment: [String: String] = [:],
                     in folder: URL? = nil) async throws -> CommandResult {
        try await CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), [program] + arguments, environment: environment,
                                    in: folder)
    }

    /// Removes the package whatever happened (synchronous: a `defer` cannot await).
    private static func purge() {
        _ = try? CommandRunner.run(URL(fileURLWithPath: "/usr/bin/dpkg"), ["--purge", "fmnist-tui"])
    }

    @Test(.enabled(if: isRoot, "needs root: it installs the package with dpkg -i"),
          .enabled(if: requested, "runs with FMNIST_TEST_DEB=1 (make test-deb): it builds for minutes and installs system-wide"),
          .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"),
          .timeLimit(.minutes(30)))
    func buildsInstallsRunsFromUsrBinAndPurges() async throws {
        let existing = try await run("dpkg-query", ["-W", "-f=${Status}", "fmnist-tui"])
        try #require(!existing.standardOutput.contains("installed"), "fmnist-tui is already installed here; not touching it")
        let built = if let folder = Self.prebuiltFolder {
            try await run("scripts/build-deb.sh", [], environment: ["RELEASE_DIR": folder], in: CommandRunner.packageRoot)
        } else {
            try await run("make", ["deb"], in: CommandRunner.packageRoot)
        }
        try #require(built.status == 0, "building the .deb failed: \(built.standardError.suffix(2000))")
        let name = try #require(built.standardOutput.split(separator: "\n").last { $0.hasPrefix("built ") }?
            .split(separator: " ")[1], "\(built.standardOutput.suffix(500))")
        #expect(name.hasPrefix("fmnist-tui_0.1.0_") && name.hasSuffix("_amd64.deb"))
        let package = CommandRunner.packageRoot.appendingPathComponent(String(name))

        let depends = try await run("dpkg-deb", ["-f", package.path, "Depends"]).standardOutput
        for library in ["libopenblas0", "libncursesw6", "zlib1g"] { #expect(depends.contains(library), "\(depends)") }
        #expect(!depends.lowercased().contains("swift"), "\(depends)")
        #expect(try await run("dpkg-deb", ["-f", package.path, "Recommends"]).standardOutput == "dataset-fashion-mnist\n")
        let contents = try await run("dpkg-deb", ["-c", package.path]).standardOutput
        for path in ["./usr/bin/fmnist-tui", "./usr/share/fmnist-tui/themes/dark.theme", "./usr/share/man/man1/fmnist-tui.1.gz",
                     "./usr/share/bash-completion/completions/fmnist-tui", "./usr/share/zsh/vendor-completions/_fmnist-tui",
                     "./usr/share/fish/vendor_completions.d/fmnist-tui.fish"] {
            #expect(contents.contains(" \(path)\n"), "\(path) missing from the package")
        }

        let install = try await run("dpkg", ["-i", package.path])
        defer { Self.purge() }
        try #require(install.status == 0, "dpkg -i failed: \(install.standardError)")

        let version = try await CommandRunner.run(Self.installed, ["--version"])
        #expect(version.status == 0 && version.standardOutput.hasPrefix("fmnist-tui 0.1.0 (commit "))
        #expect(!(try await run("ldd", [Self.installed.path]).standardOutput.contains("libswiftCore")), "the Swift runtime is linked in")

        // Train a tiny run with the installed binary, then score its best weights: the same test accuracy.
        let scratch = temporaryFolder("deb")
        let train = try await CommandRunner.run(Self.installed, ["train", "--model", "fcnn", "--epochs", "1", "--train-limit", "300",
                                                           "--json", "--runs-dir", scratch.path])
        try #require(train.status == 0, "\(train.standardError)")
        let done = try #require(try JSONSerialization.jsonObject(with: Data(train.standardOutput.split(separator: "\n").last!.utf8))
            as? [String: Any])
        let runFolder = try #require(done["run"] as? String)
        let eval = try await CommandRunner.run(Self.installed, ["eval", "--weights", runFolder + "/best.safetensors", "--json"])
        try #require(eval.status == 0, "\(eval.standardError)")
        let scored = try #require(try JSONSerialization.jsonObject(with: Data(eval.standardOutput.utf8)) as? [String: Any])
        #expect(scored["test_accuracy"] as? Double == done["test_accuracy"] as? Double && scored["model"] as? String == "fcnn")

        let themes = try await CommandRunner.run(Self.installed, ["themes"], environment: ["FMNIST_THEMES": ""], in: scratch)
        #expect(themes.status == 0)
        #expect(themes.standardOutput.hasPrefix("themes folder: /usr/share/fmnist-tui/themes (installed beside /usr/bin/fmnist-tui)"),
                "\(themes.standardOutput)")
        #expect(themes.standardOutput.contains("/usr/share/fmnist-tui/themes/light.theme"))
        let named = try await run("sh", ["-c", "fmnist-tui runs --runs-dir '\(scratch.path)/none'"], in: scratch)
        #expect(named.standardOutput.contains("train one with `fmnist-tui train`"), "\(named.standardOutput)")
        let completion = try await run("bash", ["-c", "source /usr/share/bash-completion/completions/fmnist-tui && complete -p fmnist-tui"])
        #expect(completion.status == 0 && completion.standardOutput.contains("fmnist-tui"), "\(completion.standardError)")

        let purge = try await run("dpkg", ["--purge", "fmnist-tui"])
        #expect(purge.status == 0)
        #expect(!FileManager.default.fileExists(atPath: Self.installed.path))
        #expect(!FileManager.default.fileExists(atPath: "/usr/share/fmnist-tui"))
    }
}
