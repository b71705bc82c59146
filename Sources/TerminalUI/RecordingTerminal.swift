// RecordingTerminal: an in-memory Terminal for tests: scripted inputs in, presented frames out as text.

/// A test double for `Terminal`, in the spirit of swift-nio's EmbeddedChannel: inputs are
/// scripted up front, every presented buffer is kept, and nothing touches a real terminal.
public final class RecordingTerminal: Terminal {
    public private(set) var size: Size
    public let capabilities: Capabilities
    /// Every buffer passed to `present`, oldest first.
    public private(set) var presentedBuffers: [CellBuffer] = []
    /// How many cells each `present` would have drawn (all of them for the first frame or after a resize).
    public private(set) var changedCellCounts: [Int] = []
    public private(set) var isStarted = false
    public private(set) var stopCount = 0
    private var pendingInputs: [TerminalInput]
    private var repaintEverything = true

    public init(size: Size, capabilities: Capabilities = .full, inputs: [TerminalInput] = []) {
        self.size = size
        self.capabilities = capabilities
        self.pendingInputs = inputs
    }

    /// Appends inputs to the script.
    public func enqueue(_ inputs: TerminalInput...) {
        pendingInputs.append(contentsOf: inputs)
    }

    /// The last presented frame as text lines.
    public var lastFrame: [String]? { presentedBuffers.last?.textGrid }

    public func start() throws {
        isStarted = true
    }

    public func stop() {
        if isStarted { stopCount += 1 }
        isStarted = false
    }

    public func present(_ buffer: CellBuffer) {
        if repaintEverything || presentedBuffers.last == nil {
            changedCellCounts.append(buffer.width * buffer.height)
        } else if let previous = presentedBuffers.last {
            changedCellCounts.append(buffer.diff(from: previous).count)
        }
        repaintEverything = false
        presentedBuffers.append(buffer)
    }

    /// Pops the next scripted input; a `.resize` also changes `size`. Never waits: nil when the script is empty.
    public func nextInput(timeoutMilliseconds: Int) -> TerminalInput? {
        guard !pendingInputs.isEmpty else { return nil }
        let input = pendingInputs.removeFirst()
        if case .resize(let newSize) = input {
            size = newSize
            repaintEverything = true
        }
        return input
    }
}
