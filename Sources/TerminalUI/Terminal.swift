// Terminal: the protocol the dashboard draws through, and the inputs it reads back.

/// A key press, already decoded from escape sequences.
public enum Key: Hashable, Sendable {
    /// A printable character, including space.
    case character(Character)
    /// Ctrl plus a letter other than the ones named below (Ctrl-L is `.control("l")`).
    case control(Character)
    case tab, backTab, enter, escape, backspace, delete
    case left, right, up, down, home, end, pageUp, pageDown
    /// F1...F12.
    case function(Int)
    /// Ctrl-C, delivered as a key (not a signal) so the app can save and quit cleanly.
    case ctrlC
}

/// Something the terminal reports: a key, a new size, or a request to end the program.
public enum TerminalInput: Hashable, Sendable {
    case key(Key)
    /// The terminal was resized; the next `present` repaints everything.
    case resize(Size)
    /// SIGTERM arrived: save and quit. (A second SIGTERM or SIGINT ends the process at once.)
    case terminationRequested
}

/// A character terminal: draw whole buffers, read inputs. Not thread-safe: use it from one thread.
public protocol Terminal: AnyObject {
    /// The current size in cells.
    var size: Size { get }
    /// What the terminal can show; fixed after `start()`.
    var capabilities: Capabilities { get }
    /// Takes over the screen (alternate screen, raw keys, colours).
    func start() throws
    /// Gives the screen back as it was. Safe to call more than once.
    func stop()
    /// Draws the buffer: only the cells that changed since the last call, in one update.
    func present(_ buffer: CellBuffer)
    /// Waits up to `timeoutMilliseconds` (0 polls, negative waits forever) for the next input;
    /// nil when none arrived in time.
    func nextInput(timeoutMilliseconds: Int) -> TerminalInput?
}
