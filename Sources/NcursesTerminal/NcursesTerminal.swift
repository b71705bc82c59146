// NcursesTerminal: the real Terminal on ncursesw: locale, colours, wide characters, keys with a timeout, diffed drawing.

import CNcurses
import Glibc
import TerminalUI

/// Why the terminal could not be taken over.
public enum NcursesTerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    case notATerminal
    case cannotInitialize(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            "standard input and output must be a terminal (run fmnist-tui in a terminal, not through a pipe)"
        case .cannotInitialize(let term):
            "cannot set up the terminal of type '\(term)'; set TERM to a known type such as xterm-256color"
        }
    }
}

/// The terminal through ncursesw. Use it from one thread only (curses is not thread-safe).
///
/// `start()` sets the locale, installs the restoring signal handlers (see `TerminalRestoration`),
/// and sets up raw keys (Ctrl-C arrives as `.ctrlC`), a 25 ms Esc delay, no cursor, colours with
/// the terminal's defaults. `present` draws only cells that changed since the previous frame
/// (everything after a resize) and updates the screen once.
public final class NcursesTerminal: Terminal {
    public private(set) var capabilities = Capabilities(colorCount: 1, unicode: false)
    private var screen: OpaquePointer?
    private var previousFrame: CellBuffer?
    private var needsFullRepaint = true
    private var colorPairs: ColorPairTable?
    private var defaultColorsAvailable = false
    private var interruptReported = false

    public init() {}

    deinit {
        stop()
    }

    public var size: Size {
        screen == nil ? .zero : Size(width: Int(fmnist_cols()), height: Int(fmnist_lines()))
    }

    public func start() throws {
        guard screen == nil else { return }
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { throw NcursesTerminalError.notATerminal }
        setlocale(LC_ALL, "")
        TerminalRestoration.install()
        guard let newScreen = fmnist_newterm() else {
            TerminalRestoration.uninstall()
            throw NcursesTerminalError.cannotInitialize(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        screen = newScreen
        TerminalRestoration.screenStarted()
        set_escdelay(25)
        raw()
        noecho()
        nonl()
        let window = fmnist_stdscr()
        keypad(window, true)
        intrflush(window, false)
        leaveok(window, true)
        curs_set(0)
        capabilities = Capabilities(colorCount: setUpColors(), unicode: fmnist_locale_is_utf8() != 0)
        previousFrame = nil
        needsFullRepaint = true
        interruptReported = false
    }

    public func stop() {
        guard let screen else { return }
        TerminalRestoration.endScreenOnce()
        TerminalRestoration.uninstall()
        delscreen(screen)
        self.screen = nil
        colorPairs = nil
    }

    public func present(_ buffer: CellBuffer) {
        guard screen != nil, let window = fmnist_stdscr() else { return }
        let changes: [CellChange]
        if needsFullRepaint || previousFrame?.size != buffer.size {
            werase(window)
            changes = buffer.diff(from: CellBuffer(size: .zero))
            needsFullRepaint = false
        } else {
            changes = buffer.diff(from: previousFrame ?? CellBuffer(size: .zero))
        }
        let screenSize = size
        for change in changes where change.point.x < screenSize.width && change.point.y < screenSize.height {
            draw(change.cell, at: change.point, in: window)
        }
        wnoutrefresh(window)
        doupdate()
        previousFrame = buffer
    }

    public func nextInput(timeoutMilliseconds: Int) -> TerminalInput? {
        if let input = takeInterruptInput() { return input }
        guard screen != nil, let window = fmnist_stdscr() else { return nil }
        wtimeout(window, Int32(clamping: timeoutMilliseconds))
        var code: wint_t = 0
        let status = wget_wch(window, &code)
        if let input = takeInterruptInput() { return input }
        guard status != fmnist_err() else { return nil }
        let isFunctionKey = status == fmnist_key_code_yes()
        if isFunctionKey && Int32(bitPattern: code) == fmnist_key_resize() {
            needsFullRepaint = true
            clearok(window, true)
            return .resize(size)
        }
        return KeyDecoding.key(code: code, isFunctionKey: isFunctionKey).map { .key($0) }
    }

    /// The first SIGINT (as Ctrl-C), SIGTERM or SIGHUP (as a termination request), once.
    private func takeInterruptInput() -> TerminalInput? {
        guard !interruptReported, let signal = TerminalRestoration.receivedInterruptSignal else { return nil }
        interruptReported = true
        return signal == SIGINT ? .key(.ctrlC) : .terminationRequested
    }

    /// Starts colours and returns how many there are (1 when the terminal has none).
    private func setUpColors() -> Int {
        guard has_colors() else { return 1 }
        start_color()
        defaultColorsAvailable = use_default_colors() == fmnist_ok()
        let colors = fmnist_colors()
        let colorCount = colors >= 256 ? 256 : colors >= 16 ? 16 : colors >= 8 ? 8 : 1
        colorPairs = ColorPairTable(pairCount: min(fmnist_color_pairs(), 65536)) { pair, key in
            init_extended_pair(pair, key.foreground, key.background) == fmnist_ok()
        }
        return colorCount
    }

    private func draw(_ cell: Cell, at point: Point, in window: UnsafeMutablePointer<WINDOW>) {
        let scalars = cell.character.unicodeScalars
        var text: [wchar_t] = scalars.prefix(4).map { wchar_t(bitPattern: $0.value) } + [0]
        if !capabilities.unicode, scalars.contains(where: { !$0.isASCII }) {
            text = [wchar_t(UInt8(ascii: "?")), 0]
        }
        let style = cell.style
        let attributes = fmnist_attributes(style.bold ? 1 : 0, style.dim ? 1 : 0, style.underline ? 1 : 0, style.reverse ? 1 : 0)
        let pair = colorPairs?.pair(for: ColorPairTable.Key(foreground: colorNumber(style.foreground, isForeground: true),
                                                            background: colorNumber(style.background, isForeground: false))) ?? 0
        fmnist_put_cell(window, Int32(point.y), Int32(point.x), text, attributes, pair)
    }

    /// A curses colour number for a style colour, after degrading it to the terminal's colours;
    /// -1 (default) where the terminal supports it, else white on black.
    private func colorNumber(_ color: Color?, isForeground: Bool) -> Int32 {
        if let index = color?.degraded(toColorCount: capabilities.colorCount).index { return Int32(index) }
        return defaultColorsAvailable ? -1 : (isForeground ? 7 : 0)
    }
}
