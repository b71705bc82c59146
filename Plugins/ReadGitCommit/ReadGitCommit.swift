// Build-tool plugin: scripts/read-git-commit.sh writes GitCommit.swift for the BuildCommit target.
import Foundation
import PackagePlugin

/// A build command whose inputs are what moves the commit or dirties the tree: git's HEAD log (appended by every
/// commit, checkout and reset), its index, and every source file of the package. It was a prebuild command, which is
/// meant to run before every build, but SwiftPM runs those only when it loads the package again (a change to
/// Package.swift): after a commit, incremental builds kept printing the commit before it in `--version`. The script
/// rewrites its output only when the text differs, so an unchanged commit recompiles nothing.
@main
struct ReadGitCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "generated/GitCommit.swift")
        let git = package.appending(path: ".git")
        let gitFiles = ["logs/HEAD", "HEAD", "index"].map { git.appending(path: $0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        let sources = context.package.targets.compactMap { $0 as? SourceModuleTarget }.flatMap { $0.sourceFiles }
            .map(\.url)
        return [.buildCommand(displayName: "Reading the git commit",
                              executable: URL(fileURLWithPath: "/bin/sh"),
                              arguments: [package.appending(path: "scripts/read-git-commit.sh").path, package.path,
                                          output.path],
                              inputFiles: gitFiles + sources,
                              outputFiles: [output])]
    }
}
