// `fmnist-tui bench-runs` on a small synthetic folder: it writes, loads and reports, and says what it measured.
import Foundation
import Testing

@Suite("bench-runs command")
struct BenchRunsCommandTests {
    @Test func aSmallFolderIsWrittenLoadedAndReported() async throws {
        let result = try await onOwnThread { try CommandRunner.run(["bench-runs", "--runs", "20", "--epochs", "3", "--json"]) }
        #expect(result.status == 0, "\(result.standardError)")
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        // Every tenth synthetic run stopped halfway (1 of 3 epochs), the others finished.
        #expect(fields["runs"] as? Int == 20 && fields["rows"] as? Int == 20 && fields["epochs"] as? Int == 18 * 3 + 2)
        for key in ["open_ms", "open_cpu_ms", "refresh_ms", "refresh_cpu_ms", "resident_added_mb"] {
            #expect(fields[key] is Double, "\(key)")
        }
        #expect((fields["cpu"] as? String)?.isEmpty == false)
        let text = try await onOwnThread { try CommandRunner.run(["bench-runs", "--runs", "3", "--epochs", "2"]) }
        #expect(text.standardOutput.hasPrefix("wrote 3 runs × 2 epochs") && text.standardOutput.contains("refresh, nothing changed"))
        let bad = try await onOwnThread { try CommandRunner.run(["bench-runs", "--runs", "0"]) }
        #expect(bad.status != 0 && bad.standardError.contains("--runs 0: must be at least 1"))
    }
}
