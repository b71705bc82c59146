// What can go wrong planning, claiming, launching or reading a sweep; each message names the flag, file or
// command and says what to do.
import Foundation
import ProgramInfo

public enum SweepError: Error, CustomStringConvertible, Equatable {
    /// A flag's list or distribution cannot be read.
    case badValues(flag: String, text: String, reason: String)
    /// A value `train` would refuse, found before any trial starts.
    case refusedValue(flag: String, reason: String)
    case nothingToSweep
    case distributionNeedsRandom(flag: String)
    case badCount(flag: String, value: Int, reason: String)
    case tooManyTrials(count: Int)
    case unknownSweep(reference: String, sweepsDirectory: String, known: [String])
    case unreadableSweep(file: String, reason: String)
    case noSuchTrial(sweep: String, index: Int, count: Int)
    case cannotWrite(path: String, reason: String)
    /// sbatch is not on the PATH, or Slurm refused the job: what it said.
    case slurm(reason: String, sweepFolder: String)

    public var description: String {
        let command = CommandName.current
        switch self {
        case .badValues(let flag, let text, let reason):
            return "\(flag) \(text): \(reason)"
        case .refusedValue(let flag, let reason):
            return "\(flag): \(reason)"
        case .nothingToSweep:
            return "nothing to sweep: give a flag several values (--lr 1e-3,3e-4), --seeds 0,1,2 or --random N"
        case .distributionNeedsRandom(let flag):
            return "\(flag): a distribution is drawn from with --random N; for a grid give a list (\(flag) A,B,C)"
        case .badCount(let flag, let value, let reason):
            return "\(flag) \(value): \(reason)"
        case .tooManyTrials(let count):
            return "the plan has \(count) trials; pass --yes to run all of them (nothing is cut to a smaller count), "
                + "or see them first with --dry-run"
        case .unknownSweep(let reference, let directory, let known):
            let hint = known.isEmpty ? "there are no sweeps in \(directory)" : "sweeps there: \(known.suffix(5).joined(separator: ", "))"
            return "no sweep \(reference) in \(directory); \(hint) (pass --runs-dir for another runs folder)"
        case .unreadableSweep(let file, let reason):
            return "\(file) cannot be read: \(reason)"
        case .noSuchTrial(let sweep, let index, let count):
            return "sweep \(sweep) has trials 0 to \(count - 1); there is no trial \(index)"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason); check the folder's permissions and free space"
        case .slurm(let reason, let folder):
            return "\(reason)\nthe sweep is saved in \(folder); once Slurm can take it, submit it with "
                + "`\(command) sweep resume \(folder) --launcher slurm`, or run it here with `\(command) sweep resume \(folder)`"
        }
    }
}
