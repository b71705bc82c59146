// kill -9 in the middle of training, then `resume`: at most the interrupted epoch is lost and the run
// ends exactly as an uninterrupted one.
import Foundation
import Testing

@Suite("kill -9 and resume", .serialized, .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct KillResumeTests {
    static let arguments = ["--model", "fcnn", "--epochs", "6", "--train-limit", "2000", "--seed", "3", "--json"]

    func metricsLines(_ folder: URL) -> [Substring] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("metrics.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: true).filter { text.contains($0 + "\n") }
    }

    /// Each line's numbers but the wall time and the speed; the validation confusion matrix's cells as
    /// "valid_confusion[i][j]".
    func numbers(_ lines: [Substring]) throws -> [[String: Double]] {
        try lines.map { line in
            var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            object["seconds"] = nil
            object["images_per_second"] = nil
            let confusion = object.removeValue(forKey: "valid_confusion") as? [[Int]] ?? []
            var numbers = object.mapValues { $0 as! Double }
            for (row, cells) in confusion.enumerated() {
                for (column, count) in cells.enumerated() { numbers["valid_confusion[\(row)][\(column)]"] = Double(count) }
            }
            return numbers
        }
    }

    @Test func killedMidEpochThenResumedEqualsAStraightRun() throws {
        let runs = temporaryFolder("kill"), straightRuns = temporaryFolder("straight")
        defer { for folder in [runs, straightRuns] { try? FileManager.default.removeItem(at: folder) } }
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["train"] + Self.arguments + ["--runs-dir", runs.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Wait (up to 2 minutes) for two epochs to be logged, then kill the trainer inside the third.
        var folder: URL?
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && process.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
            folder = names.first.map { runs.appendingPathComponent($0) }
            if let folder, metricsLines(folder).count >= 2 { break }
            usleep(5_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let run = try #require(folder)
        let atKill = metricsLines(run)
        try #require(atKill.count >= 2 && atKill.count < 6, "killed after \(atKill.count) epochs")

        let listed = try CommandRunner.run(["runs", "--runs-dir", runs.path])
        #expect(listed.standardOutput.contains("interrupted"), "\(listed.standardOutput)")

        let resumed = try CommandRunner.run(["resume", run.lastPathComponent, "--json", "--runs-dir", runs.path])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let printed = try resumed.standardOutput.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        let firstResumedEpoch = try #require(printed.first?["epoch"] as? Int)
        #expect(firstResumedEpoch == atKill.count || firstResumedEpoch == atKill.count + 1,
                "at most the interrupted epoch is trained again (\(atKill.count) logged, resumed at \(firstResumedEpoch))")
        #expect(printed.last?["event"] as? String == "done")

        let after = metricsLines(run)
        #expect(try numbers(after).map { $0["epoch"] } == [1, 2, 3, 4, 5, 6], "continuous, no repeated epoch")
        #expect(Array(after.prefix(firstResumedEpoch - 1)) == Array(atKill.prefix(firstResumedEpoch - 1)),
                "the epochs before the interrupted one are kept as they were")

        let straight = try CommandRunner.run(["train"] + Self.arguments + ["--runs-dir", straightRuns.path])
        #expect(straight.status == 0)
        let straightFolder = straightRuns.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: straightRuns.path)[0])
        #expect(try numbers(after) == numbers(metricsLines(straightFolder)))
        #expect(try Data(contentsOf: run.appendingPathComponent("test.json"))
            == Data(contentsOf: straightFolder.appendingPathComponent("test.json")))
    }
}
