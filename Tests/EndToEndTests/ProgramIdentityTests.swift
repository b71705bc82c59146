// What the program says about itself: --version with the commit, the name in the commands it suggests, where its themes are.
import Foundation
import Testing

@Suite("version, command name and themes")
struct ProgramIdentityTests {
    @Test func versionNamesTheCommitOfTheSourceTree() throws {
        let result = try CommandRunner.run(["--version"])
        #expect(result.status == 0)
        let git = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"),
                                        ["git", "-C", CommandRunner.packageRoot.path, "rev-parse", "--short=12", "HEAD"])
        let commit = git.status == 0 ? git.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) : "unknown"
        #expect(result.standardOutput.hasPrefix("fmnist-tui 0.1.0 (commit \(commit)"), "\(result.standardOutput)")
        #expect(result.standardOutput.hasSuffix(")\n"))
    }

    /// Typed as a path, the program suggests that path; found on the PATH, its bare name.
    @Test func suggestedCommandsUseTheNameTheProgramWasStartedBy() throws {
        let empty = temporaryFolder("no-runs")
        let byPath = try CommandRunner.run(["runs", "--runs-dir", empty.path])
        #expect(byPath.standardOutput.contains("train one with `\(CommandRunner.executable.path) train`"), "\(byPath.standardOutput)")

        let folder = CommandRunner.executable.deletingLastPathComponent()
        let path = folder.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let shell = URL(fileURLWithPath: "/bin/sh")
        let onPath = try CommandRunner.run(shell, ["-c", "fmnist-tui runs --runs-dir '\(empty.path)'"], environment: ["PATH": path])
        #expect(onPath.standardOutput.contains("train one with `fmnist-tui train`"), "\(onPath.standardOutput)")
        let relative = try CommandRunner.run(shell, ["-c", "./fmnist-tui runs --runs-dir '\(empty.path)'"],
                                             environment: ["PATH": "/usr/bin:/bin"], in: folder)
        #expect(relative.standardOutput.contains("train one with `./fmnist-tui train`"), "\(relative.standardOutput)")
        let unknownRun = try CommandRunner.run(shell, ["-c", "fmnist-tui resume nosuchrun --runs-dir '\(empty.path)'"],
                                               environment: ["PATH": path])
        #expect(unknownRun.status != 0
                && unknownRun.standardError.contains("(list them with `fmnist-tui runs --runs-dir '\(empty.path)'`)"),
                "\(unknownRun.standardError)")
    }

    @Test func themesAreFoundInTheSourceTreeBesideTheBuild() throws {
        let result = try CommandRunner.run(CommandRunner.executable, ["themes"], environment: ["FMNIST_THEMES": ""],
                                           in: temporaryFolder("elsewhere"))
        #expect(result.status == 0, "\(result.standardError)")
        let themes = CommandRunner.packageRoot.appendingPathComponent("themes").path
        #expect(result.standardOutput.hasPrefix("themes folder: \(themes) (the source tree's"), "\(result.standardOutput)")
        let rows = result.standardOutput.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").map(String.init) }
        #expect(rows.map { $0.first } == ["dark", "high-contrast", "light", "mono"])
        #expect(rows.allSatisfy { $0.count == 3 && $0[1] == "\(themes)/\($0[0]).theme" && $0[2] == "ok" }, "\(rows)")
    }

    /// Installed as PREFIX/bin/fmnist-tui, the themes are PREFIX/share/fmnist-tui/themes.
    @Test func themesAreFoundInTheShareFolderOfAnInstall() throws {
        let prefix = temporaryFolder("prefix")
        let bin = prefix.appendingPathComponent("bin"), share = prefix.appendingPathComponent("share/fmnist-tui/themes")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CommandRunner.executable, to: bin.appendingPathComponent("fmnist-tui"))
        try FileManager.default.copyItem(at: CommandRunner.packageRoot.appendingPathComponent("themes/light.theme"),
                                         to: share.appendingPathComponent("dark.theme"))
        try "this line is broken\n".write(to: share.appendingPathComponent("odd.theme"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(bin.appendingPathComponent("fmnist-tui"), ["themes"],
                                           environment: ["FMNIST_THEMES": ""], in: prefix)
        #expect(result.standardOutput.hasPrefix("themes folder: \(share.path) (installed beside \(bin.path)/fmnist-tui)"),
                "\(result.standardOutput)")
        #expect(result.standardOutput.contains("odd") && result.standardOutput.contains("broken: "))
        #expect(result.status == 1, "a broken theme fails the listing")
    }
}
