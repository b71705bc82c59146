// Bad weights through `eval` and `convert`: a non-zero exit and one line naming the file and the problem.
import Foundation
import Testing

/// A weights file to write (nil: leave it missing), flags to add, and what the error must say.
struct BadWeights: Sendable, CustomTestStringConvertible {
    let fileName: String
    let contents: Data?
    var extraArguments: [String] = []
    let problem: String
    var testDescription: String { "\(fileName) → \(problem)" }
}

let fcnnSpecs = SafeTensorsFixture.fcnnSpecs

let badWeights = [
    BadWeights(fileName: "notes.pth", contents: Data("not a checkpoint\n".utf8), problem: "not a zip archive"),
    BadWeights(fileName: "no-out-bias.safetensors", contents: SafeTensorsFixture.zeros(fcnnSpecs.filter { $0.0 != "out.bias" }),
               problem: "missing tensors out.bias"),
    BadWeights(fileName: "extra.safetensors", contents: SafeTensorsFixture.zeros(fcnnSpecs + [("fc3.weight", [2, 2])]),
               problem: "unexpected tensors fc3.weight"),
    BadWeights(fileName: "reshaped.safetensors",
               contents: SafeTensorsFixture.zeros(fcnnSpecs.map { $0.0 == "fc2.weight" ? ($0.0, [256, 500]) : $0 }),
               problem: "fc2.weight has shape [256, 500], the model needs [256, 512]"),
    BadWeights(fileName: "fcnn.safetensors", contents: SafeTensorsFixture.zeros(fcnnSpecs), extraArguments: ["--model", "cnn"],
               problem: "holds FCNN weights, not CNN"),
    BadWeights(fileName: "foreign.safetensors", contents: SafeTensorsFixture.zeros([("encoder.weight", [4, 4])]),
               problem: "none of its tensors (encoder.weight)"),
    BadWeights(fileName: "long-header.safetensors", contents: SafeTensorsFixture.lengthPrefix(4096) + Data("{}".utf8),
               problem: "claims 4096 bytes but only 2 follow"),
    BadWeights(fileName: "absent.pth", contents: nil, problem: "no such file"),
]

@Suite("bad weights through the CLI")
struct WeightsErrorTests {
    @Test(arguments: badWeights, ["eval", "convert", "embed"])
    func badWeightsFailWithOneClearLine(case bad: BadWeights, command: String) throws {
        let folder = temporaryFolder("bad-weights")
        let weights = folder.appendingPathComponent(bad.fileName)
        if let contents = bad.contents { try contents.write(to: weights) }
        let out = folder.appendingPathComponent("out.safetensors")
        let outputArguments = command == "convert" ? ["--out", out.path] : []
        try expectCleanFailure([command, "--weights", weights.path] + bad.extraArguments + outputArguments,
                               file: weights.path, problem: bad.problem)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func convertRefusesToReplaceAFileUnlessForced() throws {
        let folder = temporaryFolder("convert")
        let weights = folder.appendingPathComponent("fcnn.safetensors")
        try SafeTensorsFixture.zeros(fcnnSpecs).write(to: weights)
        let out = folder.appendingPathComponent("existing.safetensors")
        try Data("keep me".utf8).write(to: out)

        try expectCleanFailure(["convert", "--weights", weights.path, "--out", out.path],
                               file: out.path, problem: "already exists; pass --force")
        #expect(try Data(contentsOf: out) == Data("keep me".utf8))

        let forced = try CommandRunner.run(["convert", "--weights", weights.path, "--out", out.path, "--force"])
        #expect(forced.status == 0, "\(forced.standardError)")
        #expect(forced.standardOutput.contains("FCNN, 6 tensors, 535,818 parameters"))
        let converted = try Data(contentsOf: out)
        let headerLength = converted.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        let header = String(decoding: converted.dropFirst(8).prefix(Int(headerLength)), as: UTF8.self)
        #expect(header.contains("\"source\":\"fcnn.safetensors\"") && header.contains("\"model\":\"fcnn\""), "\(header)")
    }

    @Test func convertWritesSafeTensorsOnly() throws {
        let result = try CommandRunner.run(["convert", "--weights", "any.pth", "--out", "model.pth"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--out must name a .safetensors file"), "\(result.standardError)")
    }
}
