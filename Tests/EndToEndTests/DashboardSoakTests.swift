// Soak: the real dashboard in tmux while both models train, under a seeded storm of every key of the key
// table, junk bytes, cut escape sequences and resizes from 1×1 to 250×80. Then it must still answer q, exit 0,
// leave the terminal's settings as they were (stty -g), and leave every run folder readable and resumable.
// FMNIST_SOAK_SECONDS sets the storm's length (CI: 40 s); FMNIST_SOAK_REPORT names a file for the figures
// (events sent, RSS over time from /proc).
@testable import Dashboard
import FashionMNIST
import NeuralNet
import Foundation
import Testing
import TerminalUI
import Training

@Suite("dashboard soak", .serialized)
struct DashboardSoakTests {
    static let seconds = Double(ProcessInfo.processInfo.environment["FMNIST_SOAK_SECONDS"] ?? "") ?? 40

    /// tmux's name for each key the dashboard binds, but the ones that quit (q and Ctrl-C are sent at the end) and
    /// `n`, whose form would start a new trainer at every Enter of the storm (the form has tests of its own).
    static let keyNames: [String] = {
        let keys = KeyTable.dashboard.bindings.flatMap(\.presses).compactMap { press -> Key? in
            guard case .key(let key) = press.match, press.action != .quit, press.action != .openNewRunForm else { return nil }
            return key
        }
        return Array(Set(keys.compactMap(tmuxName))).sorted()
    }()

    static func tmuxName(_ key: Key) -> String? {
        switch key {
        case .character(let character): character == ";" ? "\\;" : String(character)
        case .control(let character): "C-\(character)"
        case .tab: "Tab"
        case .backTab: "BTab"
        case .enter: "Enter"
        case .escape: "Escape"
        case .backspace: "BSpace"
        case .delete: "DC"
        case .left: "Left"
        case .right: "Right"
        case .up: "Up"
        case .down: "Down"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PPage"
        case .pageDown: "NPage"
        case .function(let number): "F\(number)"
        case .ctrlC: nil
        }
    }

    /// Bytes a terminal may pass on that the storm leaves out: q and Ctrl-C quit, n starts runs, Ctrl-Z, Ctrl-\ and
    /// Ctrl-S/Q are job control and flow control (signals, not input).
    static let withheldBytes: Set<UInt8> = [0x71, 0x03, 0x6E, 0x1A, 0x1C, 0x11, 0x13]
    static let escapeSequences: [[UInt8]] = ["\u{1B}[", "\u{1B}[1;5A", "\u{1B}O", "\u{1B}[200~", "\u{1B}[<0;10;5M",
                                             "\u{1B}[99999;99999R", "\u{1B}]0;title\u{07}", "\u{1B}\u{1B}\u{1B}", "\u{1B}[?"]
        .map { Array($0.utf8) }

    struct Sample { let second: Double; let rssKilobytes: Int }

    @Test(.enabled(if: dataAvailable && TmuxPane.isAvailable, "needs dataset-fashion-mnist and tmux"),
          .timeLimit(.minutes(30)))
    func aStormOfKeysAndResizesLeavesTheDashboardWorking() throws {
        let runs = temporaryFolder("soak-runs"), files = temporaryFolder("soak-files")
        let status = files.appendingPathComponent("status")
        let before = files.appendingPathComponent("stty-before"), after = files.appendingPathComponent("stty-after")
        let command = "stty -g > '\(before.path)'; LANG=C.UTF-8 LC_ALL=C.UTF-8 '\(CommandRunner.executable.path)' "
            + "--train-limit 300 --epochs 5000 --runs-dir '\(runs.path)'; echo $? > '\(status.path)'; stty -g > '\(after.path)'"
        let pane = try TmuxPane(command: command, width: 140, height: 45)
        defer {
            pane.kill()
            for folder in [runs, files] { try? FileManager.default.removeItem(at: folder) }
        }
        try pane.waitFor("the dashboard", seconds: 120) { $0.contains("1 FCNN") && $0.contains("2 CNN") }
        let pid = try #require(Self.processID(mentioning: runs.path), "the dashboard's process")

        var random = SplitMix64(seed: 20_261_202)
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        var events = (keys: 0, junk: 0, escapes: 0, resizes: 0)
        var samples = [Sample(second: 0, rssKilobytes: Self.rss(of: pid) ?? 0)]
        let start = Date()
        var nextSample = 5.0
        while Date().timeIntervalSince(start) < Self.seconds {
            switch below(100) {
            case 0..<80:
                let batch = (0..<(1 + below(20))).map { _ in Self.keyNames[below(Self.keyNames.count)] }
                try pane.send(keys: batch)
                events.keys += batch.count
            case 80..<90:
                let junk = (0..<(1 + below(16))).map { _ in UInt8(truncatingIfNeeded: 1 + below(255)) }
                    .filter { !Self.withheldBytes.contains($0) }
                if !junk.isEmpty { try pane.send(bytes: junk) }
                events.junk += junk.count
            case 90..<96:
                try pane.send(bytes: Self.escapeSequences[below(Self.escapeSequences.count)])
                events.escapes += 1
            default:
                let sizes = [(1, 1), (250, 80), (2, 1), (1, 40), (80, 24), (20, 5)]
                let (width, height) = below(3) == 0 ? sizes[below(sizes.count)] : (1 + below(250), 1 + below(80))
                try pane.resize(width: width, height: height)
                events.resizes += 1
            }
            #expect(kill(pid, 0) == 0, "the dashboard's process died during the storm")
            let elapsed = Date().timeIntervalSince(start)
            if elapsed >= nextSample {
                samples.append(Sample(second: elapsed, rssKilobytes: Self.rss(of: pid) ?? 0))
                nextSample += Self.seconds >= 300 ? 30 : 5
            }
            usleep(UInt32(2_000 + below(20_000)))
        }
        samples.append(Sample(second: Date().timeIntervalSince(start), rssKilobytes: Self.rss(of: pid) ?? 0))

        // Back to a normal size, any overlay closed, then q (again, should the first land in a text field).
        try pane.resize(width: 140, height: 45)
        var exitStatus: String?
        for _ in 0..<3 where exitStatus == nil {
            try pane.send(keys: ["Escape", "Escape"])
            usleep(300_000)
            try pane.send("q", literally: true)
            exitStatus = try? pane.waitForFile(status, seconds: 40)
        }
        let total = events.keys + events.junk + events.escapes + events.resizes
        let report = "storm of \(Int(Self.seconds)) s: \(total) events (\(events.keys) keys, \(events.junk) junk bytes, "
            + "\(events.escapes) escape sequences, \(events.resizes) resizes)\nRSS (s, MB): "
            + samples.map { String(format: "%.0f:%.1f", $0.second, Double($0.rssKilobytes) / 1024) }.joined(separator: " ")
        print(report)
        if let reportFile = ProcessInfo.processInfo.environment["FMNIST_SOAK_REPORT"] {
            try report.write(toFile: reportFile, atomically: true, encoding: .utf8)
        }
        #expect(exitStatus == "0", "exit status \(exitStatus ?? "none"); \(report)")
        let sttyAfter = try pane.waitForFile(after, seconds: 10)
        #expect(try pane.waitForFile(before, seconds: 1) == sttyAfter, "the terminal's settings changed")
        #expect(total >= 1_000 || Self.seconds < 30, "\(report)")
        if Self.seconds >= 300 {
            // Memory: after the first quarter (the data set, both models, the first epochs) it must not grow by 10 %.
            let settled = samples.first { $0.second >= Self.seconds / 4 }?.rssKilobytes ?? samples[0].rssKilobytes
            #expect(Double(samples.last!.rssKilobytes) <= 1.1 * Double(settled), "\(report)")
        }

        // Every run folder: read as `runs` and `runs show` read it, not left running, and resumable.
        let dataset = try FashionMNIST.load(from: FashionMNIST.defaultDirectory)
        let folders = try FileManager.default.contentsOfDirectory(at: runs, includingPropertiesForKeys: nil)
        #expect(folders.count == 2)
        for folder in folders {
            let record = try RunRecord(folder: folder)
            #expect(record.state == .stopped, "\(folder.lastPathComponent): \(String(describing: record.state))")
            let trainer = try Trainer.resume(record, dataset: dataset, epochs: record.history.count + 1)
            #expect(trainer.history.count == record.history.count)
        }
    }

    /// The process whose command line mentions `text` (the pane's shell runs it as a child).
    static func processID(mentioning text: String) -> pid_t? {
        let candidates = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return candidates.compactMap { pid_t($0) }.first { pid in
            guard let line = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8) else { return false }
            return line.hasPrefix(CommandRunner.executable.path) && line.contains(text)
        }
    }

    /// VmRSS of /proc/PID/status, in kB.
    static func rss(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return Int(line.split(separator: " ")[1])
    }
}
