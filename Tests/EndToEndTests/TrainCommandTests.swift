// The `train` command end to end: JSON lines, the run folder, and clear errors for bad input.
import Foundation
import Testing

let dataAvailable = FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist")

@Suite("train command", .serialized)
struct TrainCommandTests {
    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func jsonLinesOnly() throws {
        let runs = temporaryFolder("runs")
        let result = try CommandRunner.run(["train", "--model", "fcnn", "--epochs", "2", "--train-limit", "500",
                                            "--json", "--runs-dir", runs.path])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects[0]["event"] as? String == "epoch" && objects[1]["epoch"] as? Int == 2)
        for key in ["train_loss", "valid_loss", "valid_accuracy", "seconds"] { #expect(objects[0][key] is Double, "\(key)") }
        let done = objects[2]
        #expect(done["event"] as? String == "done" && done["model"] as? String == "fcnn")
        #expect(done["total"] as? Int == 10_000)
        #expect((done["per_class_accuracy"] as? [Double])?.count == 10)
        let confusion = done["confusion"] as? [[Int]]
        #expect(confusion?.count == 10 && confusion?.joined().reduce(0, +) == 10_000)
        #expect(confusion.map { matrix in (0..<10).map { matrix[$0][$0] }.reduce(0, +) } == done["correct"] as? Int)
        #expect(done["test_accuracy"] is Double && done["last_test_accuracy"] is Double && done["best_epoch"] is Int)
        let run = try #require(done["run"] as? String)
        #expect(run.hasPrefix(runs.path))
        let files = try FileManager.default.contentsOfDirectory(atPath: run)
        for name in ["config.json", "metrics.jsonl", "test.json", "state"] { #expect(files.contains(name), "\(name)") }
    }

    @Test(arguments: [
        (["train", "--model", "resnet"], "resnet"),
        (["train", "--batch-size", "0"], "--batch-size"),
        (["train", "--lr=-0.5"], "--lr"),
        (["train", "--epochs", "0"], "--epochs"),
        (["train", "--bogus"], "--bogus"),
    ])
    func badFlagsFailWithAMessage(arguments: [String], mentions: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status != 0)
        #expect(result.standardError.contains(mentions), "stderr: \(result.standardError)")
    }

    @Test func missingDataSaysWhichFileAndHowToFix() throws {
        let empty = temporaryFolder("nodata")
        let result = try CommandRunner.run(["train", "--data", empty.path, "--runs-dir", temporaryFolder("runs").path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("train-images-idx3-ubyte"))
        #expect(result.standardError.contains("apt-get install dataset-fashion-mnist"))
        #expect(!result.standardError.contains("Fatal error"))
    }
}
