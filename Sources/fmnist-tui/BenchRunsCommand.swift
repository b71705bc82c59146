// `fmnist-tui bench-runs`: how fast the runs view reads a large runs folder: a synthetic folder of many runs,
// then, in a fresh process, the first load, a refresh in which nothing changed, and the memory they take.
import ArgumentParser
import Foundation
import Training

struct BenchRunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-runs",
        abstract: "Time loading and refreshing the summaries of a synthetic runs folder (default 1,000 runs × 50 epochs).",
        discussion: """
            Writes the runs (as a trainer writes them, each metrics line with its confusion matrix) into a \
            temporary folder, then measures in a new process: the first load of every summary (read by a new \
            watcher and laid out as the runs table, the files in the page cache), the median of 20 refreshes \
            in which nothing changed, and the resident memory the summaries added. The folder is removed \
            afterwards unless --keep is given.
            """)

    @Option(help: "Runs to write.") var runs = 1_000
    @Option(help: "Epochs of each run.") var epochs = 50
    @Flag(help: "Keep the synthetic runs folder and print its path.") var keep = false
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: .hidden) var measure: String?

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs \(runs): must be at least 1") }
        if epochs < 1 { throw ValidationError("--epochs \(epochs): must be at least 1") }
    }

    func run() throws {
        if let measure { return try Self.measure(URL(fileURLWithPath: measure), json: json) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-bench-runs-\(UUID().uuidString)")
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let writeStart = Date()
        _ = try SyntheticRuns.write(count: runs, epochs: epochs, into: folder)
        if !json {
            print(String(format: "wrote %d runs × %d epochs in %.1f s: %@", runs, epochs, Date().timeIntervalSince(writeStart),
                         keep ? folder.path : "(removed at the end)"))
        }
        fflush(nil)   // our lines first, then the measuring process's
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["bench-runs", "--measure", folder.path] + (json ? ["--json"] : [])
        // OpenBLAS starts its worker threads when it loads, and they spin (sched_yield) for about 0.1 s before
        // they sleep: that would count as this process's CPU time and take the second core during the open.
        // The measuring process does no BLAS, so it runs with none.
        child.environment = ProcessInfo.processInfo.environment.merging(["OPENBLAS_NUM_THREADS": "1"]) { $1 }
        try child.run()
        child.waitUntilExit()
        guard child.terminationStatus == 0 else { throw UserFacingError(description: "the measuring process failed") }
    }

    /// Loads `folder` as the runs view does and prints the figures: wall time (what a user waits) and this
    /// process's CPU time (what it costs, whatever else the machine is doing).
    static func measure(_ folder: URL, json: Bool) throws {
        let residentBefore = residentBytes()
        var watcher = RunsWatcher(runsDirectory: folder)
        var table: RunTable?
        let open = Timing.of {
            _ = watcher.poll()
            table = RunTable(watcher.summaries, sort: RunSort(column: .bestValidLoss))
        }
        var refreshes = [Timing]()
        for _ in 0..<20 {
            var unchanged = true
            refreshes.append(Timing.of { unchanged = watcher.poll().isEmpty })
            guard unchanged else { throw UserFacingError(description: "\(folder.path) changed while it was measured") }
        }
        let residentAdded = Double(residentBytes() - residentBefore) / 1e6
        let refresh = Timing(wall: refreshes.map(\.wall).sorted()[10], cpu: refreshes.map(\.cpu).sorted()[10])
        let runs = watcher.summaries.count, epochs = watcher.summaries.map(\.epochsDone).reduce(0, +)
        if json {
            let fields: [String: Any] = ["runs": runs, "epochs": epochs, "open_ms": open.wall * 1e3, "open_cpu_ms": open.cpu * 1e3,
                                         "refresh_ms": refresh.wall * 1e3, "refresh_cpu_ms": refresh.cpu * 1e3,
                                         "resident_added_mb": residentAdded, "rows": table?.rows.count ?? 0, "cpu": CPUInfo.modelName]
            let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(String(format: "%d runs, %d epochs (CPU %@):\n  open (load every summary + sort the table): %.0f ms wall, %.0f ms CPU\n"
                + "  refresh, nothing changed (median of 20):    %.1f ms wall, %.1f ms CPU\n  resident memory added: %.1f MB",
                runs, epochs, CPUInfo.modelName, open.wall * 1e3, open.cpu * 1e3, refresh.wall * 1e3, refresh.cpu * 1e3, residentAdded))
        }
    }

    /// VmRSS of this process, from /proc/self/status.
    static func residentBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
    }
}
