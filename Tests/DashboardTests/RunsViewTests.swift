// RunsViewTests: the runs view's reducer: runs arriving from the watcher, sort, filter (each kind of
// condition, bad expressions), marks, open, compare, deleted runs, and a dashboard that only watches.
import Foundation
import NeuralNet
import Testing
import TerminalUI
@testable import Dashboard
@testable import Training

@Suite struct RunsViewTests {
    /// A 10×10 test confusion matrix: `right` of 100 on the diagonal, the rest confused with the next class.
    static func scores(right: Int, bestEpoch: Int) -> TestScores {
        let confusion = (0..<10).map { row in (0..<10).map { $0 == row ? right : $0 == (row + 1) % 10 ? 100 - right : 0 } }
        let test = Evaluation(loss: 0.3, correct: 10 * right, total: 1000, confusion: confusion)
        return TestScores(bestEpoch: bestEpoch, test: test, lastTest: test)
    }

    static func run(_ id: String, _ model: ModelKind?, recipe: String = "seed", lr: String, seed: String = "0",
                    losses: [Double], planned: Int = 3, status: RunStatus, right: Int? = nil, problem: String? = nil) -> RunSummary {
        let history = losses.enumerated().map { index, loss in
            EpochMetrics(epoch: index + 1, trainLoss: loss + 0.1, validLoss: loss, validAccuracy: 0.95 - loss / 2, seconds: 10)
        }
        let settings = problem == nil ? ["learning_rate": lr, "seed": seed, "batch_size": "20", "model": model?.rawValue ?? ""] : [:]
        return RunSummary(id: id, folder: URL(fileURLWithPath: "/runs/\(id)"), model: problem == nil ? model : nil,
                          recipe: problem == nil ? recipe : nil, plannedEpochs: problem == nil ? planned : nil,
                          settings: settings, history: history, status: status,
                          scores: right.map { scores(right: $0, bestEpoch: losses.count) }, problem: problem)
    }

    /// Four runs: two finished, one running, one whose config.json is garbled.
    static let runs = [
        run("20250101-100000-cnn", .cnn, recipe: "improved", lr: "0.001", losses: [0.4, 0.3, 0.25], status: .finished, right: 93),
        run("20250101-110000-fcnn", .fcnn, lr: "0.0003", seed: "1", losses: [0.5, 0.42, 0.4], status: .finished, right: 89),
        run("20250101-120000-cnn", .cnn, lr: "0.001", losses: [0.45, 0.33], planned: 5, status: .running),
        run("20250101-130000-fcnn", nil, lr: "", losses: [], status: .unknown,
            problem: "config.json is garbled: unexpected end of data"),
    ]

    static func update(_ runs: [RunSummary], notices: [String] = []) -> RunsUpdate {
        var update = RunsUpdate()
        update.appeared = runs
        update.notices = notices
        return update
    }

    /// The runs view open over the four runs.
    static func opened(models: Bool = true) -> DashboardState {
        var state = models ? Fixtures.state(size: Size(width: 80, height: 24))
            : DashboardState(models: [], testImages: Fixtures.testImages, themeNames: Fixtures.themeNames, themeName: "dark",
                             screenSize: Size(width: 80, height: 24))
        _ = reduce(&state, .runsUpdated(update(runs)))
        _ = reduce(&state, .key(.character("r")))
        return state
    }

    static func ids(_ state: DashboardState) -> [String] { state.runsView.table.rows.map { String($0.id.prefix(11).suffix(2)) } }

    static func type(_ text: String, into state: inout DashboardState) {
        for character in text { _ = reduce(&state, .key(.character(character))) }
    }

    @Test func runsArriveNewestFirstWithTheDifferingSettingsAsColumns() {
        let state = Self.opened()
        #expect(state.screen == .runs && state.runsView.runs.count == 4)
        #expect(Self.ids(state) == ["13", "12", "11", "10"])
        #expect(state.runsView.table.columns.contains(.setting("learning_rate")) && state.runsView.table.columns.contains(.setting("seed")))
        #expect(!state.runsView.table.columns.contains(.setting("batch_size")), "every run has batch 20")
        #expect(state.runsView.table.columns.last == .problem)
    }

    @Test func sortColumnKeyMovesThroughTheColumnsAndReverseFlipsIt() {
        var state = Self.opened()
        _ = reduce(&state, .key(.character("s")))
        #expect(state.runsView.sort == RunSort(column: .model, descending: true))
        #expect(Self.ids(state) == ["11", "10", "12", "13"], "fcnn before cnn descending; ties by id; no model last")
        _ = reduce(&state, .key(.character("S")))
        #expect(Self.ids(state) == ["10", "12", "11", "13"])
        // On to best valid loss: s past recipe, lr, seed and epochs.
        for _ in 0..<5 { _ = reduce(&state, .key(.character("s"))) }
        #expect(state.runsView.sort.column == .bestValidLoss)
        #expect(Self.ids(state) == ["10", "12", "11", "13"], "0.25, 0.33, 0.40, none")
        let columns = state.runsView.table.columns
        for _ in 0..<columns.count { _ = reduce(&state, .key(.character("s"))) }
        #expect(state.runsView.sort.column == .bestValidLoss, "around all the columns and back")
    }

    @Test(arguments: [
        ("improved", ["10"]),            // a word, in any column
        ("model=cnn", ["12", "10"]),
        ("model!=cnn", ["13", "11"]),    // a run without the value matches only !=
        ("lr<0.001", ["11"]),
        ("lr<=0.001", ["12", "11", "10"]),
        ("test_acc>90", ["10"]),
        ("test_acc>=89", ["11", "10"]),
        ("state=running epochs<3", ["12"]),
        ("garbled", ["13"]),
    ])
    func filterConditions(expression: String, expected: [String]) {
        var state = Self.opened()
        _ = reduce(&state, .key(.character("/")))
        #expect(state.overlays == [.runFilter] && state.runsView.filterDraft == "")
        Self.type(expression, into: &state)
        #expect(Self.ids(state) == expected, "the table follows the draft")
        _ = reduce(&state, .key(.enter))
        #expect(state.overlays.isEmpty && state.runsView.filter.expression == expression && Self.ids(state) == expected)
    }

    @Test func aBadFilterSaysWhyAndKeepsTheLastGoodOne() {
        var state = Self.opened()
        _ = reduce(&state, .key(.character("/")))
        Self.type("model=cnn", into: &state)
        #expect(Self.ids(state) == ["12", "10"])
        Self.type(" lr<", into: &state)
        #expect(state.runsView.filterProblem == "\"lr<\" needs a value after its operator, e.g. lr<0.001")
        #expect(state.runsView.filter.expression == "model=cnn lr", "the last draft that could be used still applies")
        _ = reduce(&state, .key(.enter))
        #expect(state.overlays == [.runFilter], "Enter keeps the line open")
        #expect(state.notice?.text.hasPrefix("filter: \"lr<\" needs a value") == true && state.notice?.isError == true)
        _ = reduce(&state, .key(.backspace))
        Self.type("<0.01 colour=red", into: &state)
        #expect(state.runsView.filterProblem?.hasPrefix("no column \"colour\"; columns: id, model") == true)
        for _ in 0..<11 { _ = reduce(&state, .key(.backspace)) }
        #expect(state.runsView.filterDraft == "model=cnn lr<0.01" && state.runsView.filterProblem == nil)
        _ = reduce(&state, .key(.character("q")))
        #expect(!state.isQuitting, "q is typed into the filter, it does not quit")
        _ = reduce(&state, .key(.escape))
        #expect(state.overlays.isEmpty && state.runsView.filter.expression.isEmpty && Self.ids(state).count == 4, "Esc clears")
        _ = reduce(&state, .key(.character("/")))
        Self.type("=1", into: &state)
        #expect(state.runsView.filterProblem == "\"=1\" needs a column name before its operator, e.g. lr<0.001")
    }

    @Test func escClearsTheFilterThenLeavesTheView() {
        var state = Self.opened()
        _ = reduce(&state, .key(.character("/")))
        Self.type("fcnn", into: &state)
        _ = reduce(&state, .key(.enter))
        #expect(Self.ids(state) == ["13", "11"], "the garbled run's id says fcnn too")
        _ = reduce(&state, .key(.escape))
        #expect(state.screen == .runs && Self.ids(state).count == 4)
        _ = reduce(&state, .key(.escape))
        #expect(state.screen == .main)
    }

    @Test func marksFollowTheRunsAndOverlayTheirCurves() {
        var state = Self.opened()
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .key(.character(" ")))        // 12
        _ = reduce(&state, .key(.end))
        _ = reduce(&state, .key(.character(" ")))        // 10
        #expect(state.comparedRuns.map(\.id) == ["20250101-120000-cnn", "20250101-100000-cnn"])
        _ = reduce(&state, .key(.character("S")))        // oldest first: the cursor stays on its run
        #expect(state.runsView.cursorRun?.id == "20250101-100000-cnn" && state.runsView.cursor == 0)
        _ = reduce(&state, .key(.character(" ")))
        #expect(state.comparedRuns.map(\.id) == ["20250101-120000-cnn"])
        var gone = RunsUpdate()
        gone.disappeared = ["20250101-120000-cnn"]
        _ = reduce(&state, .runsUpdated(gone))
        #expect(state.comparedRuns.isEmpty && state.runsView.runs.count == 3, "a deleted run is unmarked")
    }

    @Test func compareNeedsTwoMarkedRunsAndSwaps() {
        var state = Self.opened()
        _ = reduce(&state, .key(.character("c")))
        #expect(state.screen == .runs && state.notice?.text == "mark two runs with Space to compare them (0 marked)")
        _ = reduce(&state, .key(.end))
        _ = reduce(&state, .key(.character(" ")))        // 10
        _ = reduce(&state, .key(.up))
        _ = reduce(&state, .key(.character(" ")))        // 11
        _ = reduce(&state, .key(.character("c")))
        #expect(state.screen == .compare && state.runsView.comparedIDs?.a == "20250101-100000-cnn")
        _ = reduce(&state, .key(.character("x")))
        #expect(state.runsView.comparedIDs?.a == "20250101-110000-fcnn" && state.runsView.comparedIDs?.b == "20250101-100000-cnn")
        _ = reduce(&state, .key(.escape))
        #expect(state.screen == .runs)
    }

    @Test func enterOpensARunAndADeletedRunGoesBackWithANotice() {
        var state = Self.opened()
        _ = reduce(&state, .key(.enter))
        #expect(state.screen == .run && state.runsView.openedID == "20250101-130000-fcnn")
        var gone = RunsUpdate()
        gone.disappeared = ["20250101-130000-fcnn"]
        _ = reduce(&state, .runsUpdated(gone))
        #expect(state.screen == .runs && state.notice?.text == "run 20250101-130000-fcnn was deleted")
        _ = reduce(&state, .key(.enter))
        _ = reduce(&state, .key(.escape))
        #expect(state.screen == .runs)
    }

    @Test func theWatchersNoticesAreShown() {
        var state = Self.opened()
        _ = reduce(&state, .runsUpdated(Self.update([], notices: ["/runs/notes: not a run folder (no config.json, metrics.jsonl or state); skipped",
                                                                  "the second"])))
        #expect(state.notice?.text == "/runs/notes: not a run folder (no config.json, metrics.jsonl or state); skipped (and 1 more)")
    }

    /// `dashboard --watch`: no models; their keys (the insight screens too) say so, Esc stays on the runs view, q ends at once.
    @Test func aWatchingDashboardHasNoModels() {
        var state = Self.opened(models: false)
        for key in [Key.tab, .character("p"), .character("m"), .character("e"), .character("h"), .character("f")] {
            #expect(reduce(&state, .key(key)).isEmpty)
            #expect(state.notice?.text == "this dashboard only watches runs (--watch); nothing trains here")
        }
        _ = reduce(&state, .key(.escape))
        #expect(state.screen == .runs)
        _ = reduce(&state, .key(.enter))
        _ = reduce(&state, .key(.escape))
        #expect(state.screen == .runs)
        #expect(reduce(&state, .key(.character("q"))) == [.exit])
    }
}
