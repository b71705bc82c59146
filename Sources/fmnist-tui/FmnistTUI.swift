// The fmnist-tui command: a thin root over the subcommands.
import ArgumentParser
import NeuralNet

@main
struct FmnistTUI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmnist-tui",
        abstract: "Train neural networks on Fashion-MNIST on the CPU and watch them learn.",
        version: "0.1.0",
        subcommands: [DashboardCommand.self, TrainCommand.self, ResumeCommand.self, RunsCommand.self,
                      ExportCommand.self, EvalCommand.self, ConvertCommand.self, BenchCommand.self, BenchRunsCommand.self],
        defaultSubcommand: DashboardCommand.self
    )
}

extension ModelKind: ExpressibleByArgument {}
