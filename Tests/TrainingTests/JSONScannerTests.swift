// The run folders' JSON reader: values, escapes and numbers as Foundation reads them, errors, metrics lines.
import Foundation
import NeuralNet
import Testing
@testable import Training

@Suite("JSON scanner and metrics log")
struct JSONScannerTests {
    @Test func valuesNestedEscapedAndNumbersAsWritten() throws {
        let text = #" {"a": [1, -2.5e-3, true, false, null], "b": {"c": "x\"y\\z\n\u00e9\ud83d\ude00"}, "d": 0.001} "#
        let value = try JSONScanner.value(of: Data(text.utf8))
        #expect(value["a"] == .array([.number("1"), .number("-2.5e-3"), .bool(true), .bool(false), .null]))
        #expect(value["b"]?["c"] == .string("x\"y\\z\né😀"))
        #expect(value["d"]?.text == "0.001" && value["d"]?.double == 0.001)
        #expect(value["a"]?.text == "[1,-2.5e-3,true,false,null]")
        #expect(JSONValue.string("inf").double == .infinity && JSONValue.string("nan").double?.isNaN == true)
    }

    @Test(arguments: ["", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "01x", "\"open", "tru", "{\"a\" 1}", "1.", "-", "1e"])
    func malformedTextIsAnError(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONScanner.value(of: Data(text.utf8)) }
    }

    /// The metrics lines the trainer writes (RunJSON, JSONEncoder) read back exactly as JSONDecoder reads them.
    @Test func metricsLinesReadAsJSONDecoderReadsThem() throws {
        var rng = SplitMix64(seed: 3)
        for epoch in 1...200 {
            let random = { Double(rng.next() >> 11) * 0x1p-53 * pow(10, Double(rng.next() % 7) - 3) }
            let confusion = epoch % 2 == 0 ? (0..<10).map { row in (0..<10).map { row * 10 + $0 + epoch } } : nil
            let metrics = EpochMetrics(epoch: epoch, trainLoss: random(), validLoss: epoch % 3 == 0 ? nil : random(),
                                       validAccuracy: epoch % 3 == 0 ? nil : random(), seconds: random(), validConfusion: confusion)
            let line = try RunJSON.encode(metrics, pretty: false)
            let decoded = try RunJSON.decode(EpochMetrics.self, from: line)
            #expect(MetricsLog.parse([UInt8](line), keepingConfusion: true) == decoded)
            #expect(MetricsLog.parse([UInt8](line), keepingConfusion: false) == decoded.withoutConfusion)
        }
        let nonFinite = #"{"epoch":2,"seconds":1,"train_loss":"nan","valid_accuracy":0.1,"valid_loss":"inf","extra":[{"x":1}]}"#
        let parsed = try #require(MetricsLog.parse(Array(nonFinite.utf8), keepingConfusion: true))
        #expect(parsed.trainLoss.isNaN && parsed.validLoss == .infinity && parsed.validConfusion == nil)
        for bad in [#"{"epoch":4,"seconds":1,"valid_loss":0.7}"#, #"{"epoch":1.5,"seconds":1,"train_loss":1}"#,
                    #"{"epoch":1,"seconds":1,"train_loss":null}"#, #"[1]"#, #"{"epoch":1,"seconds":1,"train_lo"#] {
            #expect(MetricsLog.parse(Array(bad.utf8), keepingConfusion: true) == nil, "\(bad)")
        }
    }

    /// Keys are matched on their bytes: written with escapes, unknown, or in any order they read as
    /// JSONDecoder reads them, and unknown members of any kind are skipped.
    @Test func keysWrittenAnyWayReadAsJSONDecoderReadsThem() throws {
        let lines = [
            #"{"\u0065poch":3,"seconds":1,"train_lo\u0073s":0.5,"valid_loss":0.25}"#,
            #"{"valid_loss":0.25,"epoch":4,"extra":"a ] \" [ b","train_loss":0.5,"seconds":2,"epochs":9}"#,
            #"{"epoch":5,"other":[[1,"]"],{"x":["[",{"y":[]}]}],"seconds":1,"train_loss":1e-3,"images_per_second":1234.5}"#,
            #"{"epoch":6,"seconds":1,"train_loss":0.5,"learning_rate":0.001,"valid_accuracy":null,"valid_confusion":null}"#,
        ]
        for line in lines {
            let decoded = try RunJSON.decode(EpochMetrics.self, from: Data(line.utf8))
            #expect(MetricsLog.parse(Array(line.utf8), keepingConfusion: true) == decoded, "\(line)")
            #expect(MetricsLog.parse(Array(line.utf8), keepingConfusion: false) == decoded, "\(line)")
        }
    }

    /// Arrays are skipped eight bytes at a time where they hold no bracket or quote: wherever an array starts
    /// and however long it is, the skip ends right after it, and a cut-off array is an error.
    @Test func skippedArraysEndWhereTheyEnd() throws {
        let rows: [String] = (0..<10).map { row in
            let cells: [String] = (0..<10).map { String(row * 1_000 + $0 * 7) }
            return "[" + cells.joined(separator: ",") + "]"
        }
        let matrix = "[" + rows.joined(separator: ",") + "]"
        let arrays = ["[]", "[1]", "[[1,2],[3]]", matrix, #"["a]b", "c\"]", [[]], "\\"]"#, "[" + String(repeating: "1234567,", count: 9) + "0]"]
        for array in arrays {
            for padding in 0..<9 {
                let text = Array((String(repeating: " ", count: padding) + array + " ,1").utf8)
                let end = padding + array.utf8.count
                #expect(Self.endOfSkippedValue(text) == end, "\(array) after \(padding) spaces")
                #expect(Self.endOfSkippedValue(Array(text[..<(end - 1)])) == nil, "\(array) cut")
            }
        }
    }

    /// Where `skipValue` ends in `text`; nil when it throws.
    static func endOfSkippedValue(_ text: [UInt8]) -> Int? {
        text.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw)
            do { try scanner.skipValue() } catch { return nil }
            return scanner.position
        }
    }

    /// Bytes arrive in pieces: a line counts once its newline is there, or when `finish` says the writer is gone.
    @Test func theLogReadsCompleteLinesAndKeepsAHalfWrittenOne() throws {
        // 10×10, as every reader requires of a confusion matrix; `epoch` in its first cell.
        func matrix(_ epoch: Int) -> [[Int]] { (0..<10).map { row in (0..<10).map { row == $0 ? (row == 0 ? epoch : 1) : 0 } } }
        func line(_ epoch: Int) -> String {
            #"{"epoch":\#(epoch),"seconds":1,"train_loss":0.5,"valid_confusion":\#(matrix(epoch)),"valid_loss":0.4}"# + "\n"
        }
        var log = MetricsLog(file: "m.jsonl", keepsEveryConfusion: false)
        let text = Array((line(1) + line(2) + line(3)).utf8)
        let cut = line(1).utf8.count + 10
        #expect(log.append(Data(text[..<cut])).map(\.epoch) == [1])
        #expect(log.append(Data(text[cut...])).map(\.epoch) == [2, 3])
        #expect(log.history.allSatisfy { $0.validConfusion == nil } && log.latestValidConfusion == matrix(3))
        #expect(log.append(Data(#"{"epoch":4,"sec"#.utf8)).isEmpty && log.warnings.isEmpty)
        #expect(log.finish().isEmpty && log.warnings == ["m.jsonl:4: unreadable metrics line skipped (truncated or corrupt)"])

        var full = MetricsLog(file: "m.jsonl", keepsEveryConfusion: true)
        _ = full.append(Data(text))
        #expect(full.history.map(\.validConfusion) == [matrix(1), matrix(2), matrix(3)])
    }
}
