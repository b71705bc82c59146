// `fmnist-tui embed` end to end: the seed weights' PCA and a small t-SNE as JSON, the text form, and bad flags.
import Foundation
import Testing

@Suite("embed with the seed weights", .serialized,
       .enabled(if: seedWeightsAvailable, "needs the seed weights in ../shared/seed-weights"),
       .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct EmbedCommandTests {
    static func embedJSON(_ arguments: [String]) throws -> [String: Any] {
        let result = try CommandRunner.run(["embed"] + arguments + ["--json"])
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    /// 200 images of each class, their PCA of 256 activations: two shares of the variance that add up
    /// to less than 1, and points spread on both axes.
    @Test(arguments: ["FNet_model.pth", "convNet_model.pth"])
    func pcaOfTheSeedWeights(file: String) throws {
        let object = try Self.embedJSON(["--weights", seedWeights.appendingPathComponent(file).path])
        #expect(object["method"] as? String == "pca" && object["dimension"] as? Int == 256 && object["count"] as? Int == 2000)
        let explained = try #require(object["variance_explained"] as? [Double])
        #expect(explained.count == 2 && explained[0] >= explained[1] && explained[1] > 0.05 && explained[0] + explained[1] < 1)
        let points = try #require(object["points"] as? [[String: Any]])
        #expect(points.count == 2000)
        let labels = points.compactMap { $0["label"] as? Int }
        #expect((0..<10).allSatisfy { label in labels.filter { $0 == label }.count == 200 })
        let xs = points.compactMap { $0["x"] as? Double }
        #expect(xs.count == 2000 && (xs.max()! - xs.min()!) > 1)
    }

    /// A small t-SNE (20 images a class, 500 iterations: 250 exaggerated, 250 more) keeps most images' nearest neighbour in their class.
    @Test func smallTSNEOfTheCNN() throws {
        let object = try Self.embedJSON(["--weights", seedWeights.appendingPathComponent("convNet_model.pth").path,
                                         "--method", "tsne", "--per-class", "20", "--iterations", "500"])
        let points = try #require(object["points"] as? [[String: Any]])
        #expect(points.count == 200 && object["variance_explained"] == nil)
        let coordinates = points.map { ($0["x"] as! Double, $0["y"] as! Double, $0["label"] as! Int) }
        let agreeing = coordinates.indices.filter { i in
            let nearest = coordinates.indices.filter { $0 != i }.min { a, b in
                let (p, q, r) = (coordinates[i], coordinates[a], coordinates[b])
                return (q.0 - p.0) * (q.0 - p.0) + (q.1 - p.1) * (q.1 - p.1) < (r.0 - p.0) * (r.0 - p.0) + (r.1 - p.1) * (r.1 - p.1)
            }!
            return coordinates[nearest].2 == coordinates[i].2
        }
        #expect(Double(agreeing.count) / 200 > 0.6)
    }

    @Test func textFormHasAHeaderAndALinePerImage() throws {
        let result = try CommandRunner.run(["embed", "--weights", seedWeights.appendingPathComponent("FNet_model.pth").path,
                                            "--per-class", "3"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 32 && lines[0].contains("FCNN, PCA of fc2_relu (256-d) of 30 test images"))
        #expect(lines[2].split(separator: " ").count == 5)
    }

    @Test(arguments: [(["--method", "umap"], "--method"), (["--per-class", "0"], "--per-class"),
                      (["--method", "tsne", "--per-class", "5"], "--perplexity")])
    func badFlagsAreNamed(arguments: [String], flag: String) throws {
        let result = try CommandRunner.run(["embed", "--weights", seedWeights.appendingPathComponent("FNet_model.pth").path] + arguments)
        #expect(result.status != 0)
        #expect(result.standardError.contains(flag), "\(result.standardError)")
    }
}
