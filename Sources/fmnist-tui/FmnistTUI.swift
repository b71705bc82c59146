// The fmnist-tui command: a thin root over the subcommands.
import ArgumentParser
import BuildCommit
import NeuralNet
import ProgramInfo

struct FmnistTUI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmnist-tui",
        abstract: "Train neural networks on Fashion-MNIST on the CPU and watch them learn.",
        version: "\(ProgramInfo.nameAndVersion) (commit \(BuildCommit.hash))",
        subcommands: [DashboardCommand.self, TrainCommand.self, ResumeCommand.self, RunsCommand.self,
                      ExportCommand.self, EvalCommand.self, ConvertCommand.self, EmbedCommand.self, ExplainCommand.self, BenchCommand.self, BenchRunsCommand.self,
                      BenchSaliencyCommand.self,
                      ThemesCommand.self, SweepCommand.self],
        defaultSubcommand: DashboardCommand.self
    )
}

extension ModelKind: ExpressibleByArgument {}
