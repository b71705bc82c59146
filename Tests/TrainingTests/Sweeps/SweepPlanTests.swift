// Sweep plans: the grid's product and order, random draws (reproducible, in range, log-uniform in the log),
// --seeds, and malformed lists and distributions refused with the flag named.
import Foundation
import NeuralNet
import Testing
@testable import Training

@Suite("Sweep plans")
struct SweepPlanTests {
    func flag(_ name: String) -> SweepFlag { SweepFlag.named(name)! }

    func values(_ texts: [String: String]) throws -> [SweepFlag: SweepValues] {
        var values = [SweepFlag: SweepValues]()
        for (name, text) in texts { values[flag(name)] = try SweepValues(text, flag: flag(name)) }
        return values
    }

    func table(_ plan: SweepPlan) -> [[String]] { plan.trials.map { $0.values.map { "\($0.flag)=\($0.value)" } } }

    @Test func gridIsTheProductWithTheFirstFlagSlowest() throws {
        // Given in another order on purpose: the grid nests in train's flag order (model, batch-size, lr).
        let plan = try SweepPlan(values: values(["lr": "1e-3,3e-4", "batch-size": "20,128", "model": "fcnn,cnn", "epochs": "2"]))
        #expect(plan.sweptFlags == ["model", "batch-size", "lr"])
        #expect(plan.trials.map(\.index) == Array(0..<8))
        #expect(table(plan) == [
            ["model=fcnn", "batch-size=20", "lr=1e-3"], ["model=fcnn", "batch-size=20", "lr=3e-4"],
            ["model=fcnn", "batch-size=128", "lr=1e-3"], ["model=fcnn", "batch-size=128", "lr=3e-4"],
            ["model=cnn", "batch-size=20", "lr=1e-3"], ["model=cnn", "batch-size=20", "lr=3e-4"],
            ["model=cnn", "batch-size=128", "lr=1e-3"], ["model=cnn", "batch-size=128", "lr=3e-4"],
        ])
    }

    @Test func seedsRepeatEveryTrialInnermost() throws {
        let plan = try SweepPlan(values: values(["lr": "0.1,0.2"]), seeds: [0, 1, 2])
        #expect(plan.sweptFlags == ["lr", "seed"])
        #expect(table(plan) == [["lr=0.1", "seed=0"], ["lr=0.1", "seed=1"], ["lr=0.1", "seed=2"],
                                ["lr=0.2", "seed=0"], ["lr=0.2", "seed=1"], ["lr=0.2", "seed=2"]])
        // Seeds alone are a sweep too.
        #expect(try SweepPlan(values: values(["lr": "0.1"]), seeds: [4, 5]).trials.count == 2)
    }

    @Test func randomDrawsAreReproducibleAndInRange() throws {
        let given = try values(["lr": "uniform:0.001:0.01", "batch-size": "int:16:64", "model": "fcnn,cnn"])
        let first = try SweepPlan(values: given, random: 200, sweepSeed: 7)
        let again = try SweepPlan(values: given, random: 200, sweepSeed: 7)
        let other = try SweepPlan(values: given, random: 200, sweepSeed: 8)
        #expect(first.trials == again.trials)
        #expect(first.trials != other.trials)
        #expect(first.trials.count == 200)
        for trial in first.trials {
            let drawn = Dictionary(uniqueKeysWithValues: trial.values.map { ($0.flag, $0.value) })
            let lr = try #require(Double(drawn["lr"]!)), batch = try #require(Int(drawn["batch-size"]!))
            #expect(lr >= 0.001 && lr <= 0.01)
            #expect(batch >= 16 && batch <= 64)
            #expect(["fcnn", "cnn"].contains(drawn["model"]!))
        }
        let batches = Set(first.trials.compactMap { Int($0.values.first { $0.flag == "batch-size" }!.value) })
        #expect(batches.contains(16) && batches.contains(64), "both ends of int:A:B are drawn")
        let models = first.trials.filter { $0.values.contains { $0.flag == "model" && $0.value == "cnn" } }.count
        #expect(models > 70 && models < 130, "a list's values are equally likely: \(models) of 200 cnn")
    }

    @Test func logUniformIsUniformInTheLog() throws {
        let plan = try SweepPlan(values: values(["lr": "loguniform:1e-5:1e-1"]), random: 4_000, sweepSeed: 1)
        let logs = plan.trials.map { log10(Double($0.values[0].value)!) }.sorted()
        #expect(logs.allSatisfy { $0 >= -5 && $0 <= -1 })
        // Uniform on [-5, -1]: mean -3, quartiles -4 and -2. (A uniform draw in the value would put nearly all
        // of them above 1e-2, its mean log near -1.4.)
        let mean = logs.reduce(0, +) / Double(logs.count)
        #expect(abs(mean - -3) < 0.06, "mean log10 \(mean)")
        #expect(abs(logs[logs.count / 4] - -4) < 0.1 && abs(logs[3 * logs.count / 4] - -2) < 0.1,
                "quartiles \(logs[logs.count / 4]) \(logs[3 * logs.count / 4])")
        #expect(logs.filter { $0 < -4 }.count > 850, "a quarter of the draws in the lowest decade")
    }

    @Test(arguments: [
        ("lr", "1e-3,,3e-4", "--lr 1e-3,,3e-4: an empty entry in the list"),
        ("lr", "", "--lr : no value given"),
        ("lr", "0.1,0.1", "--lr 0.1,0.1: 0.1 is listed twice"),
        ("lr", "loguniform:0:1", "--lr loguniform:0:1: loguniform needs A > 0"),
        ("lr", "uniform:1", "--lr uniform:1: a distribution is uniform:A:B"),
        ("lr", "uniform:0.2:0.1", "--lr uniform:0.2:0.1: A must be below B"),
        ("lr", "uniform:a:b", "--lr uniform:a:b: uniform:A:B needs numbers A and B"),
        ("batch-size", "uniform:1:10", "--batch-size uniform:1:10: --batch-size takes whole numbers"),
        ("batch-size", "int:64:16", "--batch-size int:64:16: A must not be above B"),
        ("model", "int:1:2", "--model int:1:2: --model takes a list of values, not a distribution"),
    ])
    func malformedValuesNameTheFlag(name: String, text: String, message: String) {
        #expect {
            _ = try SweepValues(text, flag: flag(name))
        } throws: { error in
            (error as? SweepError)?.description.hasPrefix(message) == true
        }
    }

    @Test func aGridNeedsSomethingToSweepAndListsNotDistributions() throws {
        #expect(throws: SweepError.nothingToSweep) { try SweepPlan(values: values(["lr": "0.1", "epochs": "2"])) }
        #expect(throws: SweepError.distributionNeedsRandom(flag: "--lr")) {
            try SweepPlan(values: values(["lr": "uniform:0.1:0.2"]))
        }
        #expect(throws: SweepError.badCount(flag: "--random", value: 0, reason: "must be at least 1")) {
            try SweepPlan(values: values(["lr": "uniform:0.1:0.2"]), random: 0)
        }
        #expect(throws: SweepError.badCount(flag: "--random", value: 2, reason: "no flag has several values or a distribution to draw from")) {
            try SweepPlan(values: values(["lr": "0.1"]), random: 2, seeds: [0])
        }
    }
}
