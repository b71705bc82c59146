// What can go wrong writing TensorBoard event files, in words that name the folder and the fix.

public enum TensorBoardError: Error, CustomStringConvertible, Equatable {
    case cannotCreateFolder(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// The run's folder holds event files another run wrote: TensorBoard would draw both as one run.
    case foreignEventFiles(folder: String, files: [String], forceAllowed: Bool)

    public var description: String {
        switch self {
        case .cannotCreateFolder(let path, let reason):
            return "--tensorboard: cannot create \(path) (\(reason)); pick a folder you can write to"
        case .cannotWrite(let path, let reason):
            return "--tensorboard: cannot write \(path): \(reason)"
        case .foreignEventFiles(let folder, let files, let forceAllowed):
            let listed = files.prefix(3).joined(separator: ", ") + (files.count > 3 ? " and \(files.count - 3) more" : "")
            let fix = forceAllowed ? "pick another --tensorboard folder, or pass --force to delete those files"
                                   : "pick another --tensorboard folder"
            return "--tensorboard: \(folder) already holds event files of another run (\(listed)); "
                + "TensorBoard would mix the two runs in one chart: \(fix)"
        }
    }
}
