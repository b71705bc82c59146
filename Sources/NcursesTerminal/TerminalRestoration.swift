// TerminalRestoration: giving the screen back on every exit path: stop(), exit(), SIGINT/SIGTERM/SIGHUP, crashes.

import CNcurses
import Glibc
import Synchronization

/// True while curses owns the screen; whoever flips it to false first calls `endwin`, so it runs exactly once.
private let screenIsActive = Atomic<Bool>(false)
/// The first SIGINT, SIGTERM or SIGHUP, waiting for the app to read it as an input (0: none yet).
private let firstInterruptSignal = Atomic<Int32>(0)
/// Signal dispositions before ours, restored before a signal is re-raised (indexed by signal number).
nonisolated(unsafe) private let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
/// Whether `atexit` already has our hook (it can only be added, never removed).
private let exitHookInstalled = Atomic<Bool>(false)

/// Installs and removes the handlers that put the terminal back in order.
///
/// - SIGINT, SIGTERM and SIGHUP (the terminal went away: a closed ssh connection, `tmux kill-session`): the
///   first one becomes an input (`.key(.ctrlC)`, `.terminationRequested`) so the app can save and quit; a
///   second one restores the screen and ends the process.
/// - SIGQUIT and crash signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, which
///   include Swift traps): restore the screen, restore the previous disposition (the Swift
///   runtime's backtracer, or the default) and re-raise.
/// - `exit()` without `stop()`: an `atexit` hook restores the screen.
enum TerminalRestoration {
    static let interruptSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let fatalSignals: [Int32] = [SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT]

    /// Call just before curses takes the screen (before `newterm`, so curses keeps our handlers).
    static func install() {
        firstInterruptSignal.store(0, ordering: .sequentiallyConsistent)
        for signal in interruptSignals { installHandler(signal, handleInterruptSignal) }
        for signal in fatalSignals { installHandler(signal, handleFatalSignal) }
        if !exitHookInstalled.exchange(true, ordering: .sequentiallyConsistent) {
            atexit { TerminalRestoration.endScreenOnce() }
        }
    }

    /// Marks the screen as owned by curses (after a successful `newterm`).
    static func screenStarted() {
        screenIsActive.store(true, ordering: .sequentiallyConsistent)
    }

    /// Calls `endwin` if nobody has since the screen started. Returns whether it did.
    @discardableResult
    static func endScreenOnce() -> Bool {
        guard screenIsActive.exchange(false, ordering: .sequentiallyConsistent) else { return false }
        endwin()
        return true
    }

    /// Puts back the dispositions that were there before `install`.
    static func uninstall() {
        for signal in interruptSignals + fatalSignals {
            sigaction(signal, previousActions + Int(signal), nil)
        }
    }

    /// The first SIGINT/SIGTERM/SIGHUP received since `install`, if any (it stays set once received).
    static var receivedInterruptSignal: Int32? {
        let signal = firstInterruptSignal.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }

    private static func installHandler(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(signal, &action, previousActions + Int(signal))
        let previousHandler = previousActions[Int(signal)].__sigaction_handler.sa_handler
        if unsafeBitCast(previousHandler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
            // Ignored on purpose (e.g. SIGHUP under nohup): keep it that way.
            sigaction(signal, previousActions + Int(signal), nil)
        }
    }
}

/// First SIGINT/SIGTERM/SIGHUP: remembered for `nextInput`. Any later one: restore and re-raise.
private func handleInterruptSignal(_ signal: Int32) {
    if firstInterruptSignal.compareExchange(expected: 0, desired: signal, ordering: .sequentiallyConsistent).exchanged {
        return
    }
    restoreScreenAndReraise(signal)
}

private func handleFatalSignal(_ signal: Int32) {
    restoreScreenAndReraise(signal)
}

/// Ends curses, puts back the previous disposition and raises the signal again; it is delivered
/// when this handler returns (for faults, the faulting instruction runs again and faults).
private func restoreScreenAndReraise(_ signal: Int32) {
    TerminalRestoration.endScreenOnce()
    sigaction(signal, previousActions + Int(signal), nil)
    raise(signal)
}
