// What the benchmarks print about the machine they ran on.
import Foundation

enum CPUInfo {
    /// The CPU's model name from /proc/cpuinfo.
    static var modelName: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }
}
