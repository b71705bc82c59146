// Fuzz target: one file of a run folder (FMNIST_FUZZ_FILE: config.json, metrics.jsonl, state or test.json)
// replaced by the input, the other files those of a real run (Fuzz/run-folder). Then what `runs`, `runs --json`
// and `runs show` read and print from it: the fast reader's summary and its table row, the full record and its report.
import Foundation
import Reports
@testable import Training

private let fileName = ProcessInfo.processInfo.environment["FMNIST_FUZZ_FILE"] ?? "test.json"
private let folder: URL = {
    let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("run-folder")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-fuzz-\(getpid())/20260101-000000-cnn")
    try? FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? FileManager.default.removeItem(at: folder)
    do { try FileManager.default.copyItem(at: template, to: folder) } catch { fatalError("no run folder template: \(error)") }
    return folder
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRunFolder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = folder.appendingPathComponent(fileName)
    do { try Data(bytes: data, count: size).write(to: file) } catch { fatalError("cannot write \(file.path): \(error)") }
    let summary = RunSummary.read(folder: folder)
    let table = RunTable([summary])
    for column in RunColumn.fixed + table.columns { _ = column.text(of: summary) }
    _ = table.rows
    _ = try? RunSummary.json([summary])
    if let record = try? RunRecord(folder: folder) {
        _ = RunDetailsReport.lines(record)
    }
    return 0
}
