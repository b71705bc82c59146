// PickleValue: the objects the state_dict subset of pickle can build, torch references kept unresolved.

/// A value on the pickle machine's stack. Lists and dicts are numbers of containers the machine owns:
/// pickle's memo shares them (a dict stored with BINPUT and filled later shows its items through BINGET),
/// and values never own other containers, so no hostile nesting can make destruction recurse deeply.
enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case string(String)
    /// Immutable; `depth` counts the tuples nested inside, itself included, and is capped by the machine.
    case tuple([PickleValue], depth: Int)
    case list(id: Int)
    /// `dict` and `collections.OrderedDict` alike.
    case dict(id: Int)
    case global(AllowedGlobal)
    case storage(StorageReference)
    case tensor(TensorReference)

    /// For error messages: what kind of value was found.
    var kindName: String {
        switch self {
        case .none: "None"
        case .bool: "a bool"
        case .int: "an int"
        case .string: "a string"
        case .tuple: "a tuple"
        case .list: "a list"
        case .dict: "a dict"
        case .global: "a class or function"
        case .storage: "a storage"
        case .tensor: "a tensor"
        }
    }
}

/// Insertion-ordered like Python's dict; assigning an existing key keeps its position.
struct PickleDict {
    private(set) var items: [(key: String, value: PickleValue)] = []
    private var indexByKey: [String: Int] = [:]

    mutating func set(_ value: PickleValue, for key: String) {
        if let index = indexByKey[key] {
            items[index].value = value
        } else {
            indexByKey[key] = items.count
            items.append((key, value))
        }
    }
}

/// The only globals an unpickled state_dict may refer to.
enum AllowedGlobal {
    case orderedDict
    case rebuildTensor
    case rebuildParameter
    /// A legacy typed storage class such as `FloatStorage`; only float32 is decoded later.
    case storageType(name: String)

    init?(module: String, name: String) {
        switch (module, name) {
        case ("collections", "OrderedDict"): self = .orderedDict
        case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensor
        case ("torch._utils", "_rebuild_parameter"): self = .rebuildParameter
        case ("torch", _) where name.hasSuffix("Storage") && name.allSatisfy(\.isLetter): self = .storageType(name: name)
        default: return nil
        }
    }
}

/// A persistent id `('storage', StorageType, key, location, numel)`: the bytes live in `data/<key>`.
/// The location (`cuda:0`, `cpu`) is ignored: every storage is read to the CPU.
struct StorageReference {
    let typeName: String
    let key: String
    let elementCount: Int
}

/// `_rebuild_tensor_v2(storage, storage_offset, size, stride, …)`: a strided view of a storage.
struct TensorReference {
    let storage: StorageReference
    let storageOffset: Int
    let shape: [Int]
    let strides: [Int]
}
