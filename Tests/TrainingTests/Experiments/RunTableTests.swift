// The runs table: differing-setting columns, sorting either way with absent values last, each kind of filter term.
import Foundation
import NeuralNet
import Testing
@testable import Training

@Suite("Runs table")
struct RunTableTests {
    static func run(_ id: String, _ model: ModelKind, lr: String = "0.001", batch: String = "20", seed: String = "0",
                    validLosses: [Double] = [0.5, 0.4], status: RunStatus = .finished, testRight: Int? = nil,
                    sweep: String? = nil, problem: String? = nil) -> RunSummary {
        let history = validLosses.enumerated().map { index, loss in
            EpochMetrics(epoch: index + 1, trainLoss: 0.6, validLoss: loss, validAccuracy: 1 - loss, seconds: 1)
        }
        let scores = testRight.map { right in
            TestScores(bestEpoch: 1, test: SyntheticRuns.evaluation(accuracy: Double(right) / 100, images: 100, loss: 0.3),
                       lastTest: SyntheticRuns.evaluation(accuracy: Double(right - 1) / 100, images: 100, loss: 0.3))
        }
        let settings = problem != nil ? [:] : ["learning_rate": lr, "batch_size": batch, "seed": seed, "recipe": "seed",
                                              "epochs": "50", "schedule": "constant", "train_limit": "all"]
        return RunSummary(id: id, folder: URL(fileURLWithPath: "/runs/\(id)"), model: problem != nil ? nil : model,
                          recipe: problem != nil ? nil : "seed", plannedEpochs: problem != nil ? nil : 50, settings: settings,
                          history: history, status: status, scores: scores, sweepID: sweep, sweepTrial: sweep.map { _ in 3 },
                          problem: problem)
    }

    static let runs = [
        run("20250101-100000-cnn", .cnn, lr: "0.001", validLosses: [0.5, 0.25], testRight: 91),
        run("20250101-110000-fcnn", .fcnn, lr: "0.0003", validLosses: [0.6, 0.45], testRight: 88),
        run("20250101-120000-cnn", .cnn, lr: "0.0001", validLosses: [0.7], status: .interrupted),
        run("20250101-130000-cnn", .cnn, lr: "0.001", seed: "1", validLosses: [], status: .running),
    ]

    func ids(_ table: RunTable) -> [String] { table.rows.map { String($0.id.dropFirst(9).prefix(2)) } }

    @Test func onlySettingsThatDifferBecomeColumns() {
        let table = RunTable(Self.runs)
        #expect(table.columns.map(\.key) == ["id", "model", "recipe", "lr", "seed", "epochs", "best_valid_loss", "valid_acc",
                                             "test_acc", "last_test_acc", "state", "started"])
        let sameSeed = RunTable(Array(Self.runs.prefix(3)))
        #expect(sameSeed.columns.contains(.setting("learning_rate")) && !sameSeed.columns.contains(.setting("seed")))
        #expect(RunTable.differingSettings([Self.runs[0]]).isEmpty, "one run differs from nothing")
        let swept = RunTable(Self.runs + [Self.run("20250101-140000-cnn", .cnn, sweep: "s1"),
                                          Self.run("20250101-150000-cnn", .cnn, problem: "config.json is missing")])
        #expect(swept.columns.suffix(4).map(\.key) == ["sweep", "trial", "started", "problem"])
        #expect(RunColumn.setting("learning_rate").text(of: Self.runs[1]) == "0.0003")
    }

    @Test func cellsReadAsShown() {
        let finished = Self.runs[0], running = Self.runs[3]
        #expect(RunColumn.epochs.text(of: finished) == "2/50" && RunColumn.bestValidLoss.text(of: finished) == "0.2500 (2)")
        #expect(RunColumn.testAccuracy.text(of: finished) == "91.00 %" && RunColumn.lastTestAccuracy.text(of: finished) == "90.00 %")
        #expect(RunColumn.validAccuracy.value(of: finished) == .number(75))
        #expect(RunColumn.testAccuracy.text(of: running) == "–" && RunColumn.bestValidLoss.value(of: running) == nil)
        #expect(RunColumn.state.text(of: Self.runs[2]) == "interrupted")
    }

    @Test func sortsEitherWayWithAbsentValuesLast() throws {
        #expect(ids(RunTable(Self.runs)) == ["10", "11", "12", "13"], "by id by default")
        #expect(ids(RunTable(Self.runs, sort: RunSort(column: .bestValidLoss))) == ["10", "11", "12", "13"])
        #expect(ids(RunTable(Self.runs, sort: RunSort(column: .bestValidLoss, descending: true))) == ["12", "11", "10", "13"])
        #expect(ids(RunTable(Self.runs, sort: try RunSort("-test_acc"))) == ["10", "11", "12", "13"])
        #expect(ids(RunTable(Self.runs, sort: try RunSort("test_acc"))) == ["11", "10", "12", "13"], "ties by id, absent last")
        #expect(ids(RunTable(Self.runs, sort: try RunSort("lr"))) == ["12", "11", "10", "13"], "numbers as numbers")
        #expect(ids(RunTable(Self.runs, sort: try RunSort("-model"))) == ["11", "10", "12", "13"], "text")
        #expect(throws: RunFilterError.self) { try RunSort("-nonsense") }
    }

    func filtered(_ expression: String) throws -> [String] {
        ids(RunTable(Self.runs, filter: try RunFilter(expression, settingKeys: RunTable.settingKeys(Self.runs))))
    }

    @Test func eachKindOfCondition() throws {
        #expect(try filtered("model=cnn") == ["10", "12", "13"])
        #expect(try filtered("model!=cnn") == ["11"])
        #expect(try filtered("lr<0.001") == ["11", "12"])
        #expect(try filtered("lr<=0.0003") == ["11", "12"])
        #expect(try filtered("lr>0.0001") == ["10", "11", "13"])
        #expect(try filtered("lr>=0.001") == ["10", "13"])
        #expect(try filtered("learning_rate=1e-3") == ["10", "13"], "numbers compare as numbers, by key or short name")
        #expect(try filtered("test_acc>90") == ["10"], "accuracies in percent, as shown")
        #expect(try filtered("test_acc!=91") == ["11", "12", "13"], "a run without the value matches only !=")
        #expect(try filtered("state=INTERRUPTED") == ["12"], "text ignores case")
        #expect(try filtered("epochs>=2") == ["10", "11"])
    }

    @Test func wordsAndConjunctions() throws {
        #expect(try filtered("fcnn") == ["11"])
        #expect(try filtered("CNN running") == ["13"], "every term must match")
        #expect(try filtered("model=cnn lr<0.001 state=interrupted") == ["12"])
        #expect(try filtered("0.0003") == ["11"], "words are looked for in settings too")
        #expect(try filtered("  ") == ["10", "11", "12", "13"])
    }

    @Test func badExpressionsSayWhatIsWrong() {
        #expect(throws: RunFilterError.missingValue(term: "lr<")) { try RunFilter("model=cnn lr<") }
        #expect(throws: RunFilterError.missingColumn(term: ">=0.5")) { try RunFilter(">=0.5") }
        do {
            _ = try RunFilter("colour=red")
            Issue.record("an unknown column is an error")
        } catch {
            #expect(error.description.hasPrefix("no column \"colour\"; columns: id, model, recipe, epochs"))
            #expect(error.description.contains("lr") && error.description.contains("test_acc"))
        }
        #expect(RunFilterError.missingValue(term: "lr<").description == "\"lr<\" needs a value after its operator, e.g. lr<0.001")
    }
}
