// losses.svg, confusion.svg and metrics.csv from run records: well-formed XML with the expected parts, exact CSV rows.
import FashionMNIST
import Foundation
import Testing
@testable import Reports
import RunFolderFixtures
import Training

@Suite("Run reports")
struct ReportTests {
    func outline(_ document: String) throws -> XMLOutline {
        var error = ""
        let outline = XMLOutline(document, error: &error)
        #expect(outline != nil, "not well-formed XML: \(error)")
        return try #require(outline)
    }

    @Test func theCheckerRejectsMalformedXML() {
        var error = ""
        #expect(XMLOutline("<svg><g></svg>", error: &error) == nil && !error.isEmpty)
        #expect(XMLOutline("<svg><text>a & b</text></svg>", error: &error) == nil)
        #expect(XMLOutline("<svg><g></g>", error: &error) == nil)
        #expect(XMLOutline("<svg><g/></svg>", error: &error) != nil)
    }

    @Test func lossChartHasBothSeriesTheBestEpochAxesAndLegend() throws {
        let record = try RunRecord(folder: RunFolderFixture.make())
        let svg = try outline(LossChartSVG.render(record))
        #expect(svg.elements.first?.name == "svg")
        let train = try #require(svg.first(id: "train-loss")), valid = try #require(svg.first(id: "valid-loss"))
        for series in [train, valid] {
            #expect(series.name == "path")
            #expect(series.attributes["d"]?.split(separator: " ").count == 5, "one point per epoch")
        }
        #expect(svg.elements.filter { $0.name == "circle" }.count == 11, "5 + 5 epoch dots and the best-epoch ring")
        let best = try #require(svg.first(id: "best-epoch"))
        #expect(best.name == "g")
        #expect(svg.texts.contains("best: epoch 3, 0.5500"))
        #expect(svg.texts.contains { $0.contains(record.id) }, "the title names the run")
        for label in ["epoch", "cross-entropy loss", "training loss", "validation loss", "1", "5", "0.4", "1.2"] {
            #expect(svg.texts.contains(label), "\(label)")
        }
    }

    @Test func theBestMarkerSitsOnTheValidationPointOfTheBestEpoch() throws {
        let record = try RunRecord(folder: RunFolderFixture.make())
        let svg = try outline(LossChartSVG.render(record))
        let points = try #require(svg.first(id: "valid-loss")?.attributes["d"]).split(separator: " ")
        let third = points[2].dropFirst().split(separator: ",").map { Double($0)! }
        let ring = try #require(svg.all("circle").first { $0.attributes["r"] == "7" })
        #expect(Double(ring.attributes["cx"]!) == third[0] && Double(ring.attributes["cy"]!) == third[1])
    }

    @Test func nonFiniteLossesLeaveAGapAndNoEpochsSaySo() throws {
        let lines = [#"{"epoch":1,"seconds":1,"train_loss":2.3,"valid_accuracy":0.1,"valid_loss":2.2}"#,
                     #"{"epoch":2,"seconds":1,"train_loss":"nan","valid_accuracy":0.1,"valid_loss":"inf"}"#,
                     #"{"epoch":3,"seconds":1,"train_loss":2.1,"valid_accuracy":0.1,"valid_loss":2.0}"#]
        let record = try RunRecord(folder: RunFolderFixture.make(lines: lines, finished: false))
        #expect(record.history.count == 3 && record.warnings.isEmpty)
        let svg = try outline(LossChartSVG.render(record))
        let path = try #require(svg.first(id: "train-loss")?.attributes["d"])
        #expect(path.split(separator: " ").map { $0.first! } == ["M", "M"], "two pieces around the NaN")
        #expect(!path.contains("nan") && !path.contains("inf"))

        let empty = try RunRecord(folder: RunFolderFixture.make(lines: [], finished: false, state: "running"))
        #expect(try outline(LossChartSVG.render(empty)).texts.contains("no completed epochs yet"))
    }

    @Test func aRunWithoutValidationHasOneSeriesNoBestAndEmptyCSVCells() throws {
        let lines = [#"{"epoch":1,"seconds":2,"train_loss":0.9}"#, #"{"epoch":2,"seconds":2,"train_loss":0.7}"#]
        let record = try RunRecord(folder: RunFolderFixture.make(lines: lines, finished: false))
        #expect(record.history.count == 2 && record.bestValidation == nil)
        let svg = try outline(LossChartSVG.render(record))
        #expect(svg.first(id: "train-loss") != nil && svg.first(id: "valid-loss") == nil && svg.first(id: "best-epoch") == nil)
        #expect(svg.texts.contains { $0.hasSuffix("no validation split (--full-train)") })
        #expect(!svg.texts.contains("validation loss"))
        #expect(svg.texts.contains("Training loss — \(record.id)"))
        #expect(MetricsCSV.render(record).split(separator: "\n")[1] == "1,0.9,,,2.0,false")
    }

    @Test func confusionMatrixHasACellPerPairCountsAndClassNames() throws {
        let record = try RunRecord(folder: RunFolderFixture.make())
        let document = try #require(ConfusionMatrixSVG.render(record))
        let svg = try outline(document)
        let cells = svg.elements.filter { $0.attributes["class"] == "cell" }
        #expect(cells.count == 100)
        let names = svg.elements.filter { $0.attributes["class"] == "class-name" }.map(\.text)
        #expect(names == FashionMNIST.classNames + FashionMNIST.classNames, "rows, then columns")
        #expect(svg.texts.filter { $0 == "85" }.count == 10 && svg.texts.filter { $0 == "15" }.count == 10)
        #expect(svg.texts.contains("85.0 %"))
        #expect(svg.texts.contains { $0.contains("epoch 3") && $0.contains("850 of 1000") })
        // Shaded by the share of the row: the diagonal (85 %) darker than the 15 % cells, empty cells the lightest.
        let diagonal = cells[0].attributes["fill"]!, neighbour = cells[1].attributes["fill"]!, empty = cells[2].attributes["fill"]!
        #expect(diagonal == ConfusionMatrixSVG.shade(0.85) && neighbour == ConfusionMatrixSVG.shade(0.15))
        #expect(empty == ConfusionMatrixSVG.shade(0) && empty == "#f7fbff" && ConfusionMatrixSVG.shade(1) == "#08306b")
    }

    @Test func anUnfinishedRunHasNoConfusionMatrix() throws {
        let record = try RunRecord(folder: RunFolderFixture.make(finished: false, state: "stopped"))
        #expect(ConfusionMatrixSVG.render(record) == nil)
    }

    @Test func namesWithXMLCharactersAreEscaped() throws {
        let runs = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-x-\(UUID().uuidString)")
        let folder = try RunFolderFixture.make()
        let odd = runs.appendingPathComponent("a<b>&\"c\"")
        try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: folder, to: odd)
        let record = try RunRecord(folder: odd)
        #expect(try outline(LossChartSVG.render(record)).texts.contains { $0.contains("a<b>&\"c\"") })
        #expect(try outline(#require(ConfusionMatrixSVG.render(record))).elements.count > 100)
    }

    @Test func metricsCSVHasAHeaderAndARowPerEpoch() throws {
        let record = try RunRecord(folder: RunFolderFixture.make())
        let rows = MetricsCSV.render(record).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows.count == 7 && rows.last == "", "header, 5 rows, final newline")
        #expect(rows[0] == "epoch,train_loss,valid_loss,valid_accuracy,seconds,best")
        #expect(rows[1] == "1,1.2,0.9,0.6,1.5,false")
        #expect(rows[3] == "3,0.6,0.55,0.7,1.5,true")
        #expect(rows[1...5].map { $0.split(separator: ",").count } == [6, 6, 6, 6, 6])
    }

    @Test(arguments: [(0.0, 1.0, [0, 0.2, 0.4, 0.6, 0.8, 1.0]), (0.31, 0.74, [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]),
                      (2.0, 2.0, [1.9, 1.95, 2.0, 2.05, 2.1])])
    func axisTicksAreRound(low: Double, high: Double, expected: [Double]) {
        let axis = AxisScale(dataMin: low, dataMax: high, pixelStart: 100, pixelEnd: 0)
        #expect(zip(axis.ticks, expected).allSatisfy { abs($0 - $1) < 1e-9 } && axis.ticks.count == expected.count,
                "\(axis.ticks)")
        #expect(axis.pixel(axis.lower) == 100 && axis.pixel(axis.upper) == 0)
    }

    @Test(arguments: [(1, [1.0]), (4, [1, 2, 3, 4]), (50, [1, 10, 20, 30, 40, 50])])
    func epochTicksAreWholeNumbers(count: Int, expected: [Double]) {
        #expect(AxisScale(epochs: count, pixelStart: 0, pixelEnd: 100).ticks == expected)
    }
}
