// metrics.jsonl read as it grows: complete lines parsed as they arrive, a half-written last line kept until
// its newline comes (or its writer is gone), damaged lines skipped with a warning naming the line.
import Foundation

struct MetricsLog: Sendable {
    /// The log's path, for warnings.
    let file: String
    /// Keep every epoch's validation confusion matrix (a resume rewrites the log from the history); else
    /// only the latest epoch's, in `latestValidConfusion`, to keep a thousand runs small.
    let keepsEveryConfusion: Bool
    /// Completed epochs in increasing order.
    private(set) var history = [EpochMetrics]()
    /// The validation confusion matrix of the last epoch, when its line has one.
    private(set) var latestValidConfusion: [[Int]]?
    private(set) var warnings = [String]()
    /// Bytes after the last newline: a line still being written.
    private var pending = [UInt8]()
    private var linesRead = 0

    init(file: String, keepsEveryConfusion: Bool) {
        self.file = file
        self.keepsEveryConfusion = keepsEveryConfusion
    }

    /// Reads bytes appended to the log; returns the epochs they completed.
    mutating func append(_ bytes: some ContiguousBytes) -> [EpochMetrics] {
        let before = history.count
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let lastNewline = raw.lastIndex(of: 0x0A) else {
                pending.append(contentsOf: raw)
                return
            }
            history.reserveCapacity(history.count + Self.newlines(in: raw))
            var start = 0
            if !pending.isEmpty {   // the line begun in an earlier read ends here
                let end = Self.newline(in: raw, from: 0)!
                pending.append(contentsOf: raw[..<end])
                let line = pending
                pending.removeAll()
                line.withUnsafeBytes { read($0[...], keepingConfusion: keepsEveryConfusion || end == lastNewline) }
                start = end + 1
            }
            while start <= lastNewline {
                let end = Self.newline(in: raw, from: start)!
                read(raw[start..<end], keepingConfusion: keepsEveryConfusion || end == lastNewline)
                start = end + 1
            }
            pending.append(contentsOf: raw[(lastNewline + 1)...])
        }
        return Array(history[before...])
    }

    /// The offset of the first newline at or after `start` (memchr: a line with its confusion matrix is
    /// about 500 bytes); nil when there is none.
    private static func newline(in raw: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < raw.count, let found = memchr(raw.baseAddress! + start, 0x0A, raw.count - start) else { return nil }
        return UnsafeRawPointer(found) - raw.baseAddress!
    }

    /// How many newlines `raw` holds: the epochs it may add, so that the history grows once per read.
    private static func newlines(in raw: UnsafeRawBufferPointer) -> Int {
        var count = 0, next = newline(in: raw, from: 0)
        while let found = next {
            count += 1
            next = newline(in: raw, from: found + 1)
        }
        return count
    }

    /// A line without its newline is waiting.
    var hasPendingLine: Bool { !pending.isEmpty }

    /// Reads a last line that has no newline; for a log whose writer is gone, where a truncated line is final.
    mutating func finish() -> [EpochMetrics] {
        guard !pending.isEmpty else { return [] }
        let before = history.count, line = pending
        pending.removeAll()
        line.withUnsafeBytes { read($0[...], keepingConfusion: true) }
        return Array(history[before...])
    }

    /// Parses one line (skipped with a warning when damaged or out of order; gaps are warned of).
    private mutating func read(_ line: Slice<UnsafeRawBufferPointer>, keepingConfusion: Bool) {
        linesRead += 1
        guard !line.isEmpty else { return }
        guard let metrics = Self.parse(line, keepingConfusion: keepingConfusion) else {
            warn("unreadable metrics line skipped (truncated or corrupt)")
            return
        }
        let previous = history.last?.epoch ?? 0
        if metrics.epoch <= previous {
            warn("epoch \(metrics.epoch) comes after epoch \(previous); line skipped")
            return
        }
        if metrics.epoch > previous + 1 {
            let missing = previous + 1 == metrics.epoch - 1 ? "\(previous + 1)" : "\(previous + 1)–\(metrics.epoch - 1)"
            warn("epoch \(missing) missing before epoch \(metrics.epoch)")
        }
        if keepingConfusion { latestValidConfusion = metrics.validConfusion }
        history.append(keepsEveryConfusion ? metrics : metrics.withoutConfusion)
    }

    /// A warning about the line just read, naming the file and the line (made only when there is one to give).
    private mutating func warn(_ problem: String) { warnings.append("\(file):\(linesRead): \(problem)") }

    /// The members of a metrics line that are read (`EpochMetrics`' coding keys); any other is skipped.
    enum Key { case epoch, trainLoss, seconds, validLoss, validAccuracy, learningRate, imagesPerSecond, validConfusion, other }

    static let keys = JSONKeyTable<Key>([
        "epoch": .epoch, "train_loss": .trainLoss, "seconds": .seconds, "valid_loss": .validLoss,
        "valid_accuracy": .validAccuracy, "learning_rate": .learningRate, "images_per_second": .imagesPerSecond,
        "valid_confusion": .validConfusion,
    ], other: .other)

    /// One line as `EpochMetrics` (what JSONDecoder accepts: epoch, train_loss and seconds required, the
    /// validation fields null or absent, other keys ignored); nil when it is not such a JSON object.
    /// With `keepingConfusion` false, `valid_confusion` is skipped unread.
    static func parse(_ line: Slice<UnsafeRawBufferPointer>, keepingConfusion: Bool) -> EpochMetrics? {
        var scanner = JSONScanner(UnsafeRawBufferPointer(rebasing: line))
        var epoch: Int?, trainLoss: Double?, seconds: Double?
        var validLoss: Double?, validAccuracy: Double?, validConfusion: [[Int]]?
        var learningRate: Double?, imagesPerSecond: Double?
        do throws(JSONSyntaxError) {
            try scanner.beginObject()
            var first = true
            while let key = try scanner.nextKey(first: &first, in: Self.keys) {
                switch key {
                case .epoch: epoch = try scanner.int()
                case .trainLoss: trainLoss = try scanner.double()
                case .seconds: seconds = try scanner.double()
                case .validLoss: validLoss = try scanner.double()
                case .validAccuracy: validAccuracy = try scanner.double()
                case .learningRate: learningRate = try scanner.double()
                case .imagesPerSecond: imagesPerSecond = try scanner.double()
                case .validConfusion where keepingConfusion:
                    // A matrix that is not 10×10 counts is left out, as in logs written before it was added;
                    // null is no matrix, as JSONDecoder reads it.
                    validConfusion = try scanner.null() ? nil : try scanner.intMatrix()
                    if let matrix = validConfusion, !Evaluation.isConfusionMatrix(matrix) { validConfusion = nil }
                default: try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
        } catch {
            return nil
        }
        guard let epoch, let trainLoss, let seconds else { return nil }
        return EpochMetrics(epoch: epoch, trainLoss: trainLoss, validLoss: validLoss, validAccuracy: validAccuracy,
                            seconds: seconds, learningRate: learningRate, imagesPerSecond: imagesPerSecond,
                            validConfusion: validConfusion)
    }

    /// `parse` of a line in an array.
    static func parse(_ line: [UInt8], keepingConfusion: Bool) -> EpochMetrics? {
        line.withUnsafeBytes { parse($0[...], keepingConfusion: keepingConfusion) }
    }
}
