// TmuxPane: a detached tmux session on its own socket running one command, for driving a TUI in a real terminal.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One tmux server (its own `-L` socket, no user config) with one pane. Always call `kill()`.
///
/// tmux runs through `posix_spawn` with every standard stream on /dev/null, not `Process`:
/// the server that `new-session` forks keeps the descriptors it inherits, and `Process` would
/// wait for them to close, that is, forever. Signals are reset to their defaults, so the
/// pane's processes die with the server. Panes stay after their command ends (remain-on-exit),
/// so what the program printed last can still be captured.
struct TmuxPane {
    static let tmux = "/usr/bin/tmux"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: tmux) }

    let socket: String
    private let captureFile: String

    /// Starts `command` (run by sh) in a width×height pane, with a 256-colour TERM when the system knows tmux-256color.
    init(command: String, width: Int, height: Int) throws {
        socket = "fmnist-e2e-\(UUID().uuidString.prefix(8))"
        captureFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).capture").path
        let terminfo = ["/lib/terminfo/t/tmux-256color", "/usr/share/terminfo/t/tmux-256color"]
        let term = terminfo.contains { FileManager.default.fileExists(atPath: $0) } ? "tmux-256color" : "screen"
        let configuration = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf")
        try "set -g remain-on-exit on\n".write(to: configuration, atomically: true, encoding: .utf8)
        try run(["-f", configuration.path, "new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)",
                 "env TERM=\(term) \(command)"])
    }

    /// The pane's text, one line per row.
    func capture() throws -> String {
        try run(["capture-pane", "-t", "main", ";", "save-buffer", captureFile, ";", "delete-buffer"])
        return try String(contentsOfFile: captureFile, encoding: .utf8)
    }

    /// Sends tmux key names (`Tab`, `Space`, `Right`, `Escape`) or, with `literally`, the characters.
    func send(_ key: String, literally: Bool = false) throws {
        try run(["send-keys", "-t", "main"] + (literally ? ["-l", key] : [key]))
    }

    /// Sends several tmux key names (`Tab`, `Left`, `C-l`, `a`) in one tmux call.
    func send(keys: [String]) throws {
        try run(["send-keys", "-t", "main"] + keys)
    }

    /// Sends raw bytes to the pane, as a terminal would pass them on (junk, cut escape sequences).
    func send(bytes: [UInt8]) throws {
        try run(["send-keys", "-t", "main", "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    /// Resizes the window (and the pane) to width×height; tmux goes down to 1×1.
    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Ends the session, as closing the terminal does: the pane's processes get SIGHUP.
    func killSession() throws {
        try run(["kill-session", "-t", "main"])
    }

    /// Captures until `condition` holds or `seconds` pass; returns the last capture.
    @discardableResult
    func waitFor(_ description: String, seconds: Double = 60, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = try capture()
        while !condition(screen) {
            guard Date() < deadline else { throw timeout(waitingFor: description, screen: screen) }
            usleep(100_000)
            screen = try capture()
        }
        return screen
    }

    /// Captures until the screen shows every one of `texts` and none of `absent`. A capture can catch a frame half
    /// drawn, so what a test checks on a screen belongs in what it waits for, not in checks on one capture.
    @discardableResult
    func waitFor(_ description: String, seconds: Double = 60, showing texts: [String], notShowing absent: [String] = []) throws -> String {
        try waitFor("\(description) (showing \(texts), not \(absent))", seconds: seconds) { screen in
            texts.allSatisfy(screen.contains) && !absent.contains(where: screen.contains)
        }
    }

    /// Waits for `url` to hold a whole line (the pane's command writes an exit status there); returns it trimmed.
    func waitForFile(_ url: URL, seconds: Double) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOf: url, encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            usleep(100_000)
        }
        throw timeout(waitingFor: "a line in \(url.lastPathComponent)", screen: (try? capture()) ?? "")
    }

    /// Ends the server and removes its socket and files.
    func kill() {
        try? run(["kill-server"])
        let socketFolder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(socketFolder)/tmux-\(getuid())/\(socket)")
        try? FileManager.default.removeItem(atPath: captureFile)
        try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).conf"))
    }

    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }

    /// A timeout naming what was awaited; the last screen is kept in a file (test output mangles box drawing).
    func timeout(waitingFor awaited: String, screen: String) -> Timeout {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).last-screen.txt")
        try? screen.write(to: file, atomically: true, encoding: .utf8)
        return Timeout(description: "timed out waiting for \(awaited); the last screen is in \(file.path)")
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs tmux on this socket with UTF-8 forced, its streams on /dev/null, and waits for it.
    private func run(_ arguments: [String]) throws {
        let argv = ([Self.tmux, "-u", "-L", socket] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.merging(["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]) { $1 }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t(), defaults = sigset_t()
        sigemptyset(&unblocked)
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, Self.tmux, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw Failure(description: "cannot start tmux: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed (status \(status))") }
    }
}
