// Build-tool plugin: before every build, scripts/read-git-commit.sh writes GitCommit.swift for the BuildCommit target.
import Foundation
import PackagePlugin

/// A prebuild command, because the commit changes without any file of the package changing. The script
/// rewrites its output only when the commit differs, so an unchanged commit recompiles nothing.
@main
struct ReadGitCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        let script = context.package.directoryURL.appending(path: "scripts/read-git-commit.sh")
        return [.prebuildCommand(displayName: "Reading the git commit",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: [script.path, context.package.directoryURL.path,
                                             output.appending(path: "GitCommit.swift").path],
                                 outputFilesDirectory: output)]
    }
}
