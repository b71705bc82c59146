// The argument naming one run (`resume RUN`, `export RUN`, `runs show RUN`) with the runs folder it is looked up in.
import ArgumentParser
import Training

struct RunArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The run: its id (folder name, or a unique prefix) or its folder path.", valueName: "run"))
    var reference: String
    @OptionGroup var runs: RunsOptions

    /// The named run, read; problems in its files are printed as warnings.
    func record() throws -> RunRecord { try runs.record(named: reference) }
}
