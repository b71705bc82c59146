// TensorBoard's own Python reader for the tests, from a virtual environment in .build (made by .ci/run, or on first use).
import Foundation

enum PythonTensorBoard {
    static let environment = CommandRunner.packageRoot.appendingPathComponent(".build/tensorboard-venv")
    static let script = CommandRunner.packageRoot.appendingPathComponent("Tests/EndToEndTests/Python/read_tensorboard.py")
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// The environment's python once it imports tensorboard (pip-installing it from PyPI on first use),
    /// or why it could not be had.
    static let python: Result<URL, SetupFailure> = prepare()

    /// Whether the tests that read event files run: where PyPI is unreachable they are skipped, except
    /// under CI, where they run and fail with the reason.
    static var usable: Bool {
        if case .success = python { return true }
        return isCI
    }

    struct SetupFailure: Error, CustomStringConvertible { let description: String }

    private static func prepare() -> Result<URL, SetupFailure> {
        let python = environment.appendingPathComponent("bin/python")
        if imports(python) { return .success(python) }
        do {
            let made = try CommandRunner.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-m", "venv", environment.path])
            guard made.status == 0 else { return .failure(SetupFailure(description: "python3 -m venv failed: \(made.standardError)")) }
            let pip = try CommandRunner.run(environment.appendingPathComponent("bin/pip"),
                                            ["install", "--quiet", "--retries", "1", "--timeout", "20", "tensorboard"])
            guard pip.status == 0, imports(python) else {
                return .failure(SetupFailure(description: "pip install tensorboard failed (is PyPI reachable?): "
                    + pip.standardError.suffix(400)))
            }
            return .success(python)
        } catch {
            return .failure(SetupFailure(description: "cannot run python3: \(error)"))
        }
    }

    private static func imports(_ python: URL) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        return (try? CommandRunner.run(python, ["-c", "import tensorboard"]).status) == 0
    }

    /// What TensorBoard reads from one run folder: read_tensorboard.py's JSON.
    static func read(_ runFolder: URL) async throws -> [String: Any] {
        let python = try python.get()
        let result = try await CommandRunner.run(python, [script.path, runFolder.path])
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any] else {
            throw SetupFailure(description: "read_tensorboard.py failed: \(result.standardError)")
        }
        return object
    }
}
