// The `eval` and `convert` commands end to end: the seed's scores, conversion, and clear errors for bad weights.
import Foundation
import Testing

/// `shared/seed-weights` beside the repository (CI places `shared/` next to the clone).
let seedWeights = CommandRunner.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seed-weights")
let seedWeightsAvailable = FileManager.default.fileExists(atPath: seedWeights.appendingPathComponent("FNet_model.pth").path)
    && FileManager.default.fileExists(atPath: seedWeights.appendingPathComponent("convNet_model.pth").path)

/// The seed files with the scores PyTorch gives them on the 10k test images.
let seedScores: [(file: String, model: String, correct: Int, loss: Double)] = [
    ("FNet_model.pth", "fcnn", 8909, 0.46673),
    ("convNet_model.pth", "cnn", 9161, 0.42783),
]

func evalJSON(_ weights: String) throws -> [String: Any] {
    let result = try CommandRunner.run(["eval", "--weights", weights, "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
}

@Suite("eval and convert with the seed weights", .serialized,
       .enabled(if: seedWeightsAvailable, "needs the seed weights in ../shared/seed-weights"),
       .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct SeedWeightsEvalTests {
    @Test(arguments: seedScores)
    func seedWeightsScoreAsInPyTorch(file: String, model: String, correct: Int, loss: Double) throws {
        let score = try evalJSON(seedWeights.appendingPathComponent(file).path)
        #expect(score["model"] as? String == model)
        #expect(abs(try #require(score["correct"] as? Int) - correct) <= 2)
        #expect(abs(try #require(score["test_loss"] as? Double) - loss) <= 0.001)
        #expect(score["total"] as? Int == 10_000)
        #expect((score["per_class_accuracy"] as? [Double])?.count == 10)
        let confusion = try #require(score["confusion"] as? [[Int]])
        #expect(confusion.count == 10 && confusion.joined().reduce(0, +) == 10_000)
        #expect((0..<10).map { confusion[$0][$0] }.reduce(0, +) == score["correct"] as? Int)
    }

    @Test(arguments: seedScores)
    func convertedWeightsScoreTheSame(file: String, model: String, correct: Int, loss: Double) throws {
        let source = seedWeights.appendingPathComponent(file).path
        let converted = temporaryFolder("convert").appendingPathComponent("\(model).safetensors").path
        let conversion = try CommandRunner.run(["convert", "--weights", source, "--out", converted])
        #expect(conversion.status == 0, "\(conversion.standardError)")
        let original = try evalJSON(source), reread = try evalJSON(converted)
        #expect(reread["model"] as? String == model)
        #expect(reread["correct"] as? Int == original["correct"] as? Int)
        #expect(reread["test_loss"] as? Double == original["test_loss"] as? Double)
    }

    @Test func textReportIsAnAlignedTableWithEveryClass() throws {
        let result = try CommandRunner.run(["eval", "--weights", seedWeights.appendingPathComponent("FNet_model.pth").path])
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("FCNN") && output.contains("of 10000 correct") && output.contains("test loss 0.466"))
        let rows = output.split(separator: "\n").filter { $0.contains("│") }
        #expect(rows.count == 11, "a header and ten classes")
        #expect(Set(rows.map(\.count)).count == 1, "rows of one width:\n\(rows.joined(separator: "\n"))")
        for name in ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                     "Ankle boot"] {
            #expect(rows.contains { $0.contains(name) }, "\(name)")
        }
    }

    @Test func truncatedPyTorchFileIsReportedAsSuch() throws {
        let whole = try Data(contentsOf: seedWeights.appendingPathComponent("FNet_model.pth"))
        let truncated = temporaryFolder("bad").appendingPathComponent("FNet_model.pth")
        try whole.prefix(whole.count / 2).write(to: truncated)
        try expectCleanFailure(["eval", "--weights", truncated.path], file: truncated.path, problem: "truncated")
    }
}

/// The command fails with exit status 1 and one line on stderr naming `file` and `problem`.
func expectCleanFailure(_ arguments: [String], file: String, problem: String) throws {
    let result = try CommandRunner.run(arguments)
    #expect(result.status == 1)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1, "one line, no stack trace: \(result.standardError)")
    #expect(result.standardError.hasPrefix("Error: ") && result.standardError.contains(file),
            "stderr names the file: \(result.standardError)")
    #expect(result.standardError.contains(problem), "stderr says '\(problem)': \(result.standardError)")
}
