// ModelFileError: every way reading or writing a model file can fail, with messages naming the file and the fix.

/// An error users can cause with a bad, foreign or damaged model file. `description` names the file,
/// the problem and, where there is one, the fix.
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read at all.
    case cannotRead(file: String, reason: String)
    /// Writing failed; no file was left at the destination.
    case cannotWrite(file: String, reason: String)
    /// The bytes end before a structure that should be there.
    case truncated(file: String, context: String)
    /// No zip end-of-central-directory record: not a zip at all, or cut short.
    case notAZip(file: String)
    /// A zip feature this reader does not handle (multi-disk, encryption, …).
    case unsupportedZip(file: String, reason: String)
    /// A zip entry is compressed; only stored (method 0) entries are read.
    case compressedEntry(file: String, entry: String, method: Int)
    /// A zip entry's bytes do not match the CRC-32 recorded for them.
    case checksumMismatch(file: String, entry: String)
    /// A zip entry the format needs is absent.
    case missingEntry(file: String, entry: String)
    /// The pickle imports something outside the allow-list; it was never executed.
    case forbiddenGlobal(file: String, module: String, name: String)
    /// The pickle uses an opcode this subset does not implement.
    case unsupportedPickleOpcode(file: String, opcode: UInt8, offset: Int)
    /// The pickle program is inconsistent (stack underflow, bad memo index, wrong argument types, …).
    case malformedPickle(file: String, reason: String)
    /// The tensor's element type is not float32.
    case unsupportedDtype(file: String, tensor: String, dtype: String)
    /// A tensor's shape, strides, offsets or storage do not fit together.
    case malformedTensor(file: String, tensor: String, reason: String)
    /// The PyTorch file was saved on a big-endian machine.
    case bigEndianStorage(file: String)
    /// A top-level value of the checkpoint is not a tensor.
    case notAStateDict(file: String, reason: String)
    /// The safetensors header is not the JSON the format requires.
    case malformedHeader(file: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotRead(file, reason):
            return "\(file): cannot read the file (\(reason)). Check the path and its permissions."
        case let .cannotWrite(file, reason):
            return "\(file): cannot write the file (\(reason)); nothing was left behind. "
                + "Check that the folder exists, is writable and has free space."
        case let .truncated(file, context):
            return "\(file): the file ends inside \(context): it is truncated or damaged. "
                + "Copy or download it again."
        case let .notAZip(file):
            return "\(file): not a zip archive (no end-of-central-directory record); it may be truncated. "
                + "PyTorch files since 1.6 are zips: re-save an older 'legacy' file with a current torch.save."
        case let .unsupportedZip(file, reason):
            return "\(file): unsupported zip layout (\(reason)). Re-save it with torch.save."
        case let .compressedEntry(file, entry, method):
            return "\(file): zip entry '\(entry)' is compressed (method \(method)); only stored entries are "
                + "supported. Re-save it with torch.save (which never compresses) or re-zip with 'zip -0'."
        case let .checksumMismatch(file, entry):
            return "\(file): zip entry '\(entry)' fails its CRC-32 check: the file is damaged. "
                + "Copy or download it again."
        case let .missingEntry(file, entry):
            return "\(file): the archive has no entry '\(entry)'; it is not a PyTorch state_dict file "
                + "or is damaged."
        case let .forbiddenGlobal(file, module, name):
            return "\(file): the pickle imports '\(module).\(name)', which a state_dict never needs; "
                + "refused and not executed. Only load files you trust, saved with torch.save(model.state_dict())."
        case let .unsupportedPickleOpcode(file, opcode, offset):
            let hex = String(opcode, radix: 16, uppercase: true)
            return "\(file): pickle opcode 0x\(hex) at byte \(offset) is outside the supported subset "
                + "(protocol 2 state_dicts). Re-save with torch.save(model.state_dict(), path)."
        case let .malformedPickle(file, reason):
            return "\(file): malformed pickle: \(reason). The file is damaged or not written by torch.save; "
                + "re-save it with torch.save(model.state_dict(), path)."
        case let .unsupportedDtype(file, tensor, dtype):
            return "\(file): tensor '\(tensor)' has element type \(dtype); only float32 is supported. "
                + "Convert it first, e.g. {k: v.float() for k, v in state_dict.items()}."
        case let .malformedTensor(file, tensor, reason):
            return "\(file): tensor '\(tensor)': \(reason)."
        case let .bigEndianStorage(file):
            return "\(file): the tensors were saved big-endian; only little-endian files are supported. "
                + "Convert it to safetensors on the machine that saved it."
        case let .notAStateDict(file, reason):
            return "\(file): not a state_dict of tensors (\(reason)). "
                + "Save model.state_dict() rather than the model or a training checkpoint."
        case let .malformedHeader(file, reason):
            return "\(file): malformed safetensors header: \(reason)."
        }
    }
}
