// The name printed in suggested commands: `fmnist-tui` when the PATH finds the program, else the typed path.
import Foundation
import Testing
@testable import ProgramInfo

@Suite("command name")
struct CommandNameTests {
    /// A folder holding an executable file `fmnist-tui`.
    private func folderWithProgram() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-name-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let program = folder.appendingPathComponent("fmnist-tui")
        try Data("#!/bin/sh\n".utf8).write(to: program)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        return folder
    }

    @Test func aNameWithoutSlashWasFoundOnThePath() {
        #expect(CommandName.resolve(invokedAs: "fmnist-tui", searchPath: "/nowhere") == "fmnist-tui")
        #expect(CommandName.resolve(invokedAs: "fmn", searchPath: nil) == "fmn")
    }

    @Test func aTypedPathThatThePathAlsoFindsPrintsTheBareName() throws {
        let folder = try folderWithProgram()
        let typed = folder.appendingPathComponent("fmnist-tui").path
        #expect(CommandName.resolve(invokedAs: typed, searchPath: "/usr/bin:\(folder.path)") == "fmnist-tui")
        // Through a symbolic link to the folder: still the same file.
        let link = folder.deletingLastPathComponent().appendingPathComponent("fmnist-link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder)
        #expect(CommandName.resolve(invokedAs: link.appendingPathComponent("fmnist-tui").path,
                                    searchPath: folder.path) == "fmnist-tui")
    }

    @Test func aTypedPathThePathDoesNotReachIsPrintedAsTyped() throws {
        let folder = try folderWithProgram()
        let typed = folder.appendingPathComponent("fmnist-tui").path
        #expect(CommandName.resolve(invokedAs: typed, searchPath: "/usr/bin:/bin") == typed)
        #expect(CommandName.resolve(invokedAs: typed, searchPath: nil) == typed)
        // Another fmnist-tui earlier on the PATH: the bare name would run that one.
        let other = try folderWithProgram()
        #expect(CommandName.resolve(invokedAs: typed, searchPath: "\(other.path):\(folder.path)") == typed)
    }

    /// A runs folder named in a suggested command reaches the shell as one word, whatever quotes and spaces it holds.
    @Test func runsFolderOptionIsOneShellWord() throws {
        let folder = "/tmp/it's a \"runs\" $HOME folder"
        #expect(CommandName.runsFolderOption(folder) == "--runs-dir '/tmp/it'\\''s a \"runs\" $HOME folder'")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "printf '%s\\n' \(CommandName.runsFolderOption(folder))"]
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        shell.waitUntilExit()
        let words = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(words == "--runs-dir\n\(folder)\n")
    }
}
