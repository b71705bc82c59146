// PickleMachine: a safe interpreter for the protocol-2 pickle subset that torch.save uses for a state_dict.

/// Runs a pickle program without executing anything: globals outside `AllowedGlobal` are refused,
/// REDUCE only builds dicts and tensor references, and every malformed program becomes a typed error.
struct PickleMachine {
    private var cursor: ByteCursor
    private var stack: [PickleValue] = []
    /// The stacks saved by MARK, as in CPython's unpickler.
    private var metastack: [[PickleValue]] = []
    private var memo: [Int: PickleValue] = [:]
    private var lists: [[PickleValue]] = []
    private var dicts: [PickleDict] = []
    /// Deeper tuples are refused: a state_dict needs 3 levels, and this bounds recursion on hostile input.
    private static let maximumTupleDepth = 16

    private var file: String { cursor.file }

    /// Unpickles `bytes` (the contents of `data.pkl`), which must leave a dict, and returns its items in order.
    static func unpickleDict(_ bytes: ArraySlice<UInt8>,
                             file: String) throws(ModelFileError) -> [(key: String, value: PickleValue)] {
        var machine = PickleMachine(cursor: ByteCursor(bytes: bytes, file: file, context: "the pickle data.pkl"))
        let root = try machine.run()
        guard case let .dict(id) = root else {
            throw .notAStateDict(file: file, reason: "the pickle holds \(root.kindName), not a dict")
        }
        return machine.dicts[id].items
    }

    private init(cursor: ByteCursor) {
        self.cursor = cursor
    }

    private mutating func run() throws(ModelFileError) -> PickleValue {
        let start = cursor.position
        while true {
            let offset = cursor.position - start
            let opcode = try cursor.readUInt8()
            switch opcode {
            case 0x80: _ = try cursor.readUInt8()  // PROTO: the opcodes themselves say what is needed
            case 0x95: try cursor.skip(8)  // FRAME: a length hint only
            case 0x2E: return try pop()  // STOP
            case 0x28: metastack.append(stack); stack = []  // MARK
            case 0x29: stack.append(.tuple([], depth: 1))  // EMPTY_TUPLE
            case 0x5D: stack.append(newList())  // EMPTY_LIST
            case 0x7D: stack.append(newDict())  // EMPTY_DICT
            case 0x4E: stack.append(.none)  // NONE
            case 0x88: stack.append(.bool(true))  // NEWTRUE
            case 0x89: stack.append(.bool(false))  // NEWFALSE
            case 0x4B: stack.append(.int(Int(try cursor.readUInt8())))  // BININT1
            case 0x4D: stack.append(.int(Int(try cursor.readUInt16())))  // BININT2
            case 0x4A: stack.append(.int(Int(Int32(bitPattern: try cursor.readUInt32()))))  // BININT
            case 0x8A: stack.append(.int(try readLong1()))  // LONG1
            case 0x58: stack.append(.string(try readString(byteCount: Int(try cursor.readUInt32()))))  // BINUNICODE
            case 0x8C: stack.append(.string(try readString(byteCount: Int(try cursor.readUInt8()))))  // SHORT_BINUNICODE
            case 0x74: stack.append(try tuple(try popMark()))  // TUPLE
            case 0x85: stack.append(try tuple(try pop(1)))  // TUPLE1
            case 0x86: stack.append(try tuple(try pop(2)))  // TUPLE2
            case 0x87: stack.append(try tuple(try pop(3)))  // TUPLE3
            case 0x61: try append(try pop(1))  // APPEND
            case 0x65: try append(try popMark())  // APPENDS
            case 0x73: try setItems(try pop(2))  // SETITEM
            case 0x75: try setItems(try popMark())  // SETITEMS
            case 0x71: try memoize(at: Int(try cursor.readUInt8()))  // BINPUT
            case 0x72: try memoize(at: Int(try cursor.readUInt32()))  // LONG_BINPUT
            case 0x68: try recall(from: Int(try cursor.readUInt8()))  // BINGET
            case 0x6A: try recall(from: Int(try cursor.readUInt32()))  // LONG_BINGET
            case 0x63: stack.append(.global(try readGlobal()))  // GLOBAL
            case 0x51: stack.append(.storage(try storageReference(from: try pop())))  // BINPERSID
            case 0x52: try reduce()  // REDUCE
            case 0x62: try build()  // BUILD
            default: throw .unsupportedPickleOpcode(file: file, opcode: opcode, offset: offset)
            }
        }
    }

    // MARK: - Stack

    private mutating func pop() throws(ModelFileError) -> PickleValue {
        guard let value = stack.popLast() else { throw malformed("stack underflow") }
        return value
    }

    private mutating func pop(_ count: Int) throws(ModelFileError) -> [PickleValue] {
        guard stack.count >= count else { throw malformed("stack underflow") }
        defer { stack.removeLast(count) }
        return Array(stack.suffix(count))
    }

    /// The items pushed since the last MARK; the stack before that MARK comes back.
    private mutating func popMark() throws(ModelFileError) -> [PickleValue] {
        guard let saved = metastack.popLast() else { throw malformed("no MARK before a mark-using opcode") }
        defer { stack = saved }
        return stack
    }

    private mutating func newList() -> PickleValue {
        lists.append([])
        return .list(id: lists.count - 1)
    }

    private mutating func newDict() -> PickleValue {
        dicts.append(PickleDict())
        return .dict(id: dicts.count - 1)
    }

    private func tuple(_ items: [PickleValue]) throws(ModelFileError) -> PickleValue {
        let innerDepth = items.map { item in if case let .tuple(_, depth) = item { depth } else { 0 } }.max() ?? 0
        guard innerDepth < Self.maximumTupleDepth else {
            throw malformed("tuples nested more than \(Self.maximumTupleDepth) deep")
        }
        return .tuple(items, depth: innerDepth + 1)
    }

    private mutating func append(_ items: [PickleValue]) throws(ModelFileError) {
        guard case let .list(id)? = stack.last else { throw malformed("APPEND to something not a list") }
        lists[id].append(contentsOf: items)
    }

    private mutating func setItems(_ keysAndValues: [PickleValue]) throws(ModelFileError) {
        guard case let .dict(id)? = stack.last else { throw malformed("SETITEM on something not a dict") }
        guard keysAndValues.count.isMultiple(of: 2) else { throw malformed("SETITEMS with an odd item count") }
        for pairStart in stride(from: 0, to: keysAndValues.count, by: 2) {
            guard case let .string(key) = keysAndValues[pairStart] else {
                throw malformed("a dict key is \(keysAndValues[pairStart].kindName), not a string")
            }
            dicts[id].set(keysAndValues[pairStart + 1], for: key)
        }
    }

    private mutating func memoize(at index: Int) throws(ModelFileError) {
        guard let top = stack.last else { throw malformed("BINPUT on an empty stack") }
        memo[index] = top
    }

    private mutating func recall(from index: Int) throws(ModelFileError) {
        guard let value = memo[index] else { throw malformed("BINGET of memo slot \(index), never stored") }
        stack.append(value)
    }

    // MARK: - Arguments

    /// LONG1: a little-endian two's-complement integer of up to 8 bytes.
    private mutating func readLong1() throws(ModelFileError) -> Int {
        let byteCount = Int(try cursor.readUInt8())
        guard byteCount <= 8 else { throw malformed("an integer of \(byteCount) bytes is too large") }
        let bytes = try cursor.readBytes(byteCount)
        guard let last = bytes.last else { return 0 }
        var value: UInt64 = last >= 0x80 ? ~0 : 0  // sign-extend
        for byte in bytes.reversed() { value = value << 8 | UInt64(byte) }
        return Int(Int64(bitPattern: value))
    }

    private mutating func readString(byteCount: Int) throws(ModelFileError) -> String {
        guard let string = String(validating: try cursor.readBytes(byteCount), as: UTF8.self) else {
            throw malformed("a string is not valid UTF-8")
        }
        return string
    }

    /// GLOBAL's operands are two newline-terminated lines: module, then name.
    private mutating func readGlobal() throws(ModelFileError) -> AllowedGlobal {
        let module = try readLine()
        let name = try readLine()
        guard let global = AllowedGlobal(module: module, name: name) else {
            throw .forbiddenGlobal(file: file, module: module, name: name)
        }
        return global
    }

    private mutating func readLine() throws(ModelFileError) -> String {
        var byteCount = 0
        var probe = cursor
        while try probe.readUInt8() != 0x0A { byteCount += 1 }
        let line = try readString(byteCount: byteCount)
        try cursor.skip(1)
        return line
    }

    // MARK: - Objects

    /// BINPERSID's id for a storage: `('storage', StorageType, key, location, numel)`.
    private func storageReference(from persistentID: PickleValue) throws(ModelFileError) -> StorageReference {
        guard case let .tuple(fields, _) = persistentID, fields.count == 5,
              case .string("storage") = fields[0],
              case let .global(.storageType(typeName)) = fields[1],
              case let .string(key) = fields[2],
              case .string = fields[3],
              case let .int(elementCount) = fields[4], elementCount >= 0
        else { throw malformed("a persistent id is not ('storage', type, key, location, numel)") }
        return StorageReference(typeName: typeName, key: key, elementCount: elementCount)
    }

    private mutating func reduce() throws(ModelFileError) {
        let arguments = try pop()
        let callable = try pop()
        guard case let .tuple(fields, _) = arguments else { throw malformed("REDUCE arguments are not a tuple") }
        switch callable {
        case .global(.orderedDict) where fields.isEmpty:
            stack.append(newDict())
        case .global(.rebuildTensor):
            stack.append(.tensor(try tensorReference(from: fields)))
        case .global(.rebuildParameter):
            guard fields.count == 3, case .tensor = fields[0] else {
                throw malformed("_rebuild_parameter needs (tensor, requires_grad, hooks)")
            }
            stack.append(fields[0])
        default:
            throw malformed("REDUCE calls \(callable.kindName) with \(fields.count) arguments")
        }
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])`.
    private func tensorReference(from fields: [PickleValue]) throws(ModelFileError) -> TensorReference {
        guard fields.count == 6 || fields.count == 7,
              case let .storage(storage) = fields[0],
              case let .int(storageOffset) = fields[1], storageOffset >= 0,
              case let .tuple(sizeValues, _) = fields[2],
              case let .tuple(strideValues, _) = fields[3],
              case .bool = fields[4]
        else { throw malformed("_rebuild_tensor_v2 arguments are not (storage, offset, size, stride, …)") }
        let shape = try nonNegativeInts(sizeValues)
        let strides = try nonNegativeInts(strideValues)
        guard shape.count == strides.count else { throw malformed("a tensor's size and stride differ in length") }
        return TensorReference(storage: storage, storageOffset: storageOffset, shape: shape, strides: strides)
    }

    private func nonNegativeInts(_ values: [PickleValue]) throws(ModelFileError) -> [Int] {
        var ints: [Int] = []
        for value in values {
            guard case let .int(int) = value, int >= 0 else { throw malformed("a size or stride is not a count") }
            ints.append(int)
        }
        return ints
    }

    /// BUILD on the state_dict's OrderedDict sets its `_metadata` attribute (module versions): not needed.
    private mutating func build() throws(ModelFileError) {
        let state = try pop()
        switch (stack.last, state) {
        case (.dict?, .dict), (.dict?, .none): break
        default: throw malformed("BUILD of \(state.kindName) on \(stack.last?.kindName ?? "nothing")")
        }
    }

    private func malformed(_ reason: String) -> ModelFileError {
        .malformedPickle(file: file, reason: "\(reason) (at byte \(cursor.position - cursor.bytes.startIndex) of data.pkl)")
    }
}
