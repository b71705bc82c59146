// What the benchmarks print about the machine they ran on.
import Foundation
import NeuralNet

enum CPUInfo {
    /// The CPU's model name from /proc/cpuinfo, then its family, model and widest vector extension: on cloud
    /// machines the name alone is often just "AMD EPYC", which says nothing of Zen 3, 4 or 5.
    static var modelName: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        // The first processor's fields: "key\t: value".
        var fields = [String: String]()
        for line in info.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { break }
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            fields[pair[0].trimmingCharacters(in: .whitespaces)] = pair[1].trimmingCharacters(in: .whitespaces)
        }
        let name = fields["model name"] ?? "unknown"
        guard let family = fields["cpu family"], let model = fields["model"] else { return name }
        let flags = Set((fields["flags"] ?? "").split(separator: " "))
        let vectors = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : "no AVX2"
        return "\(name) (family \(family), model \(model); \(vectors))"
    }

    /// OPENBLAS_CORETYPE, when set: it overrides the kernels OpenBLAS would choose for this CPU (some machines set
    /// Haswell's, AVX2, on CPUs with AVX-512).
    static var forcedBlasCoreType: String? {
        ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Who computes the matrix products, for the JSON: "avx512" or "avx2" (ours) or "openblas".
    static var gemmKernels: String { Gemm.kernelsInUse }

    /// Who computes the matrix products: "our AVX-512 GEMM kernels", "our AVX2 GEMM kernels" or "OpenBLAS Haswell
    /// kernels", and who chose OpenBLAS's when the environment did.
    static var blasKernelsDescription: String {
        let own = ["avx512": "our AVX-512 GEMM kernels; ", "avx2": "our AVX2 GEMM kernels; "][gemmKernels] ?? ""
        guard let forced = forcedBlasCoreType else { return own + "OpenBLAS \(Gemm.blasKernels) kernels" }
        return own + "OpenBLAS \(Gemm.blasKernels) kernels (chosen by OPENBLAS_CORETYPE=\(forced); "
            + "`env -u OPENBLAS_CORETYPE` lets OpenBLAS choose for this CPU)"
    }
}
