// `fmnist-tui bench-saliency` on the seed FCNN: it times every method the model offers (IG's first map and
// refined one) on misclassified images, the costs of new weights, and refuses a bad flag.
import Foundation
import Testing

@Suite("bench-saliency command",
       .enabled(if: seedWeightsAvailable, "needs the seed weights in ../shared/seed-weights"),
       .enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
struct BenchSaliencyCommandTests {
    @Test func everyMethodIsTimedOnMisclassifiedImages() async throws {
        let weights = seedWeights.appendingPathComponent("FNet_model.pth").path
        let result = try await onOwnThread { try CommandRunner.run(["bench-saliency", "--weights", weights, "--images", "2", "--json"]) }
        #expect(result.status == 0, "\(result.standardError)")
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        // The first test images the seed FCNN gets wrong are 12 and 17.
        #expect(fields["model"] as? String == "fcnn" && fields["images"] as? [Int] == [12, 17])
        let methods = try #require(fields["methods"] as? [[String: Any]])
        #expect(methods.compactMap { $0["method"] as? String } == [
            "gradient", "gradient-x-input", "integrated-gradients, first map", "integrated-gradients", "smoothgrad", "occlusion",
            "weight-templates",
        ])
        for method in methods {
            for key in ["maps_wall_ms", "maps_cpu_ms", "sanity_cpu_ms"] {
                let times = method[key] as? [Double]
                #expect(times?.count == 2 && times?.allSatisfy { $0 > 0 } == true, "\(key) of \(method)")
            }
        }
        let steps = methods.first { $0["method"] as? String == "integrated-gradients, first map" }?["steps"] as? [Int]
        #expect(steps == [50, 50])
        let once = try #require(fields["once"] as? [String: [String: Double]])
        #expect(Set(once.keys) == ["read_weights_file", "hand_over_weights", "make_random_copy"])
        let bad = try await onOwnThread { try CommandRunner.run(["bench-saliency", "--weights", weights, "--images", "0"]) }
        #expect(bad.status != 0 && bad.standardError.contains("--images 0: must be at least 1"))
    }
}
