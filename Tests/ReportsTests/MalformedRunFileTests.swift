// Run files that crashed `runs`, `runs show` or the runs view before (found by fuzzing, Fuzz/): each now reads
// as an unreadable or partial file with a warning, and the reports print.
import Foundation
import Testing
@testable import Reports
import RunFolderFixtures
@testable import Training

@Suite("Malformed run files")
struct MalformedRunFileTests {
    /// test.json of the fixture with its best weights' confusion matrix replaced.
    func folder(testConfusion: Any) throws -> URL {
        let folder = try RunFolderFixture.make()
        let file = folder.appendingPathComponent("test.json")
        var scores = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var test = try #require(scores["test"] as? [String: Any])
        test["confusion"] = testConfusion
        scores["test"] = test
        try JSONSerialization.data(withJSONObject: scores).write(to: file)
        return folder
    }

    static let square = (0..<10).map { row in (0..<10).map { $0 == row ? 85 : 1 } }

    /// Indexed by class, a matrix of another shape trapped in `runs show` (per-class accuracy, row names);
    /// a count near Int.max overflowed the row sums.
    @Test(arguments: [
        Array(square.prefix(9)), square + [square[0]], square.map { Array($0.prefix(9)) },
        [[Int]](), square.map { $0.map { _ in Int.max / 4 } }, [square[0].map { -$0 }] + square.dropFirst(),
    ])
    func aConfusionMatrixNotTenByTenCountsIsUnreadable(confusion: [[Int]]) throws {
        let folder = try folder(testConfusion: confusion)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let record = try RunRecord(folder: folder)
        #expect(record.scores == nil)
        let report = RunDetailsReport.lines(record)
        #expect(report.contains { $0.hasPrefix("test scores: none") })
        let summary = RunSummary.read(folder: folder)
        #expect(summary.scores == nil)
        #expect(summary.warnings.contains { $0.hasSuffix("test.json: unreadable, test scores not shown") })
    }

    @Test func theFixturesOwnTestScoresStillRead() throws {
        let folder = try folder(testConfusion: Self.square)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        #expect(try RunRecord(folder: folder).scores?.test.confusion == Self.square)
        #expect(RunSummary.read(folder: folder).scores?.test.confusion == Self.square)
    }

    /// A validation matrix of another shape is left out, as in logs written before it existed; the epoch stays.
    @Test func aBadValidationMatrixIsDroppedAndTheEpochKept() throws {
        let lines = [#"{"epoch":1,"train_loss":0.5,"seconds":1,"valid_loss":0.4,"valid_accuracy":0.8,"valid_confusion":[[1,2],[3,4]]}"#]
        let folder = try RunFolderFixture.make(lines: lines, finished: false, state: "stopped")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let record = try RunRecord(folder: folder)
        #expect(record.history.map(\.epoch) == [1])
        #expect(record.history[0].validConfusion == nil)
        #expect(record.warnings.isEmpty)
        _ = RunDetailsReport.lines(record)
    }

    /// 2^63 read digit by digit overflowed in the last addition (a trap) rather than being refused.
    @Test func anIntegerOneAboveIntMaxIsASyntaxError() throws {
        let lines = [#"{"epoch":9223372036854775808,"train_loss":0.5,"seconds":1}"#, #"{"epoch":1,"train_loss":0.5,"seconds":1}"#]
        let folder = try RunFolderFixture.make(lines: lines, finished: false, state: "stopped")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let record = try RunRecord(folder: folder)
        #expect(record.history.map(\.epoch) == [1])
        #expect(record.warnings.count == 1)
        let bytes = Array("9223372036854775807 9223372036854775808".utf8)
        bytes.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw)
            #expect((try? scanner.int()) == Int.max)
            #expect(throws: JSONSyntaxError.self) { try scanner.int() }
        }
    }

    /// Values nest by recursion: a config.json of deeply nested arrays overflowed the stack.
    @Test func deepNestingIsASyntaxErrorNotAStackOverflow() throws {
        let folder = try RunFolderFixture.make()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        try Data(#"{"configuration":{"model":"fcnn","x":\#(deep)}}"#.utf8).write(to: folder.appendingPathComponent("config.json"))
        let summary = RunSummary.read(folder: folder)
        #expect(summary.problem?.contains("more than 100 nested objects and arrays") == true, "\(summary.problem ?? "no problem")")
        let nested = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONScanner.value(of: Data(nested.utf8)) }
        #expect(throws: JSONSyntaxError.self) { try JSONScanner.value(of: Data(("[" + nested + "]").utf8)) }
        #expect(throws: JSONSyntaxError.self) {
            try JSONScanner.value(of: Data((String(repeating: #"{"a":"#, count: 101) + "1" + String(repeating: "}", count: 101)).utf8))
        }
    }
}
