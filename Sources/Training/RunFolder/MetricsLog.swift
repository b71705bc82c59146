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
    mutating func append(_ bytes: Data) -> [EpochMetrics] {
        let before = history.count
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let lastNewline = raw.lastIndex(of: 0x0A) else {
                pending.append(contentsOf: raw)
                return
            }
            var start = 0
            if !pending.isEmpty {   // the line begun in an earlier read ends here
                let end = raw.firstIndex(of: 0x0A)!
                pending.append(contentsOf: raw[..<end])
                let line = pending
                pending.removeAll()
                line.withUnsafeBytes { read($0[...], keepingConfusion: keepsEveryConfusion || end == lastNewline) }
                start = end + 1
            }
            while start <= lastNewline {
                let end = raw[start...lastNewline].firstIndex(of: 0x0A)!
                read(raw[start..<end], keepingConfusion: keepsEveryConfusion || end == lastNewline)
                start = end + 1
            }
            pending.append(contentsOf: raw[(lastNewline + 1)...])
        }
        return Array(history[before...])
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
        let place = "\(file):\(linesRead)"
        guard let metrics = Self.parse(line, keepingConfusion: keepingConfusion) else {
            warnings.append("\(place): unreadable metrics line skipped (truncated or corrupt)")
            return
        }
        let previous = history.last?.epoch ?? 0
        if metrics.epoch <= previous {
            warnings.append("\(place): epoch \(metrics.epoch) comes after epoch \(previous); line skipped")
            return
        }
        if metrics.epoch > previous + 1 {
            let missing = previous + 1 == metrics.epoch - 1 ? "\(previous + 1)" : "\(previous + 1)–\(metrics.epoch - 1)"
            warnings.append("\(place): epoch \(missing) missing before epoch \(metrics.epoch)")
        }
        if keepingConfusion { latestValidConfusion = metrics.validConfusion }
        history.append(keepsEveryConfusion ? metrics : metrics.withoutConfusion)
    }

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
            while let key = try scanner.nextKey(first: &first) {
                switch key {
                case "epoch": epoch = try scanner.int()
                case "train_loss": trainLoss = try scanner.double()
                case "seconds": seconds = try scanner.double()
                case "valid_loss": validLoss = try scanner.double()
                case "valid_accuracy": validAccuracy = try scanner.double()
                case "learning_rate": learningRate = try scanner.double()
                case "images_per_second": imagesPerSecond = try scanner.double()
                case "valid_confusion" where keepingConfusion:
                    // A matrix that is not 10×10 counts is left out, as in logs written before it was added.
                    validConfusion = try scanner.intMatrix()
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
