// Runs the built fmnist-tui binary as a user would and captures what it prints.
import Foundation

struct CommandResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

enum CommandRunner {
    /// The fmnist-tui executable built beside this test bundle.
    static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return beside.appendingPathComponent("fmnist-tui")
    }

    /// `run` for async tests: the program is awaited on a thread of its own, so that the test does not hold
    /// one of the threads of Swift's cooperative pool (as many as cores: 2 here) that async tests, such as the
    /// dashboard session's, need meanwhile.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
        try await onOwnThread { try run(executable, arguments, environment: environment) }
    }

    static func run(_ program: URL, _ arguments: [String], environment: [String: String] = [:],
                    in folder: URL? = nil) async throws -> CommandResult {
        try await onOwnThread { try run(program, arguments, environment: environment, in: folder) }
    }

    /// The repository root, for paths such as ../shared.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try run(executable, arguments, environment: environment)
    }

    /// Runs any program (not fmnist-tui) the same way, in `folder` when given.
    static func run(_ program: URL, _ arguments: [String], environment: [String: String] = [:],
                    in folder: URL? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = program
        if let folder { process.currentDirectoryURL = folder }
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe never blocks the child.
        let errorData = Locked<Data>(Data())
        let reader = Thread { errorData.value = error.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.done { usleep(1_000) }
        return CommandResult(status: process.terminationStatus,
                             standardOutput: String(decoding: outputData, as: UTF8.self),
                             standardError: String(decoding: errorData.value, as: UTF8.self))
    }
}

/// Runs `work` (a command, a polling loop) on a thread of its own and waits for it without holding one of
/// the test pool's threads: there are as many as cores, and async tests (the dashboard session's) stall
/// while blocking tests hold them all.
func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// A value written once by another thread.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    private var written = false
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; written = true; lock.unlock() }
    }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return written }
}

func temporaryFolder(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-\(name)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
