// The `bench` command: its JSON, and the side-by-side mode against the PyTorch reference, with a
// stand-in script (the real one needs torch, too big for CI) that records how it was called.
import Foundation
import Testing

@Suite("bench command", .serialized)
struct BenchCommandTests {
    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func jsonHasTheIssuesKeys() throws {
        let result = try CommandRunner.run(["bench", "--model", "fcnn", "--batches", "5", "--threads", "1", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(fields["model"] as? String == "fcnn" && fields["batch_size"] as? Int == 20 && fields["threads"] as? Int == 1)
        let train = try #require(fields["train_s_per_epoch"] as? Double), valid = try #require(fields["valid_s"] as? Double)
        #expect(train > 0 && valid > 0)
        #expect(abs((fields["epoch_s"] as? Double ?? 0) - (train + valid)) < 1e-9)
        // CPU seconds of the same work, for a loaded machine: one thread does the work, so some must be counted.
        #expect((fields["train_cpu_s_per_epoch"] as? Double ?? 0) > 0 && (fields["valid_cpu_s"] as? Double ?? 0) > 0)
        #expect((fields["train_images_per_s"] as? Double ?? 0) > 0 && (fields["gflops"] as? Double ?? 0) > 0)
        #expect(!(fields["blas_kernels"] as? String ?? "").isEmpty && !(fields["cpu"] as? String ?? "").isEmpty)
        // Our GEMM kernels: AVX-512 wherever the CPU has it, else AVX2.
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        #expect(fields["gemm_kernels"] as? String == (flags.contains(" avx512f") ? "avx512" : "avx2"))
        // Whether the environment chose OpenBLAS's kernels (some machines set OPENBLAS_CORETYPE): its value, or null.
        if let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], !forced.isEmpty {
            #expect(fields["openblas_coretype"] as? String == forced)
        } else {
            #expect(fields["openblas_coretype"] is NSNull)
        }
        // The floor is sgemm alone: positive, and its ratio to the epoch is what `efficiency` says.
        let floor = try #require(fields["floor_s"] as? Double), epoch = train + valid
        #expect(floor > 0)
        #expect(abs((fields["efficiency"] as? Double ?? 0) - floor / epoch) < 1e-9)
        // Adam's update alone, a part of every step (a quarter of this one's): positive and less than training.
        let optimizer = try #require(fields["optimizer_s"] as? Double)
        #expect(optimizer > 0 && optimizer < train, "optimizer_s \(optimizer), train_s_per_epoch \(train)")
        // The same update at its in-cache speed (its arithmetic alone): positive and less than training too.
        let inCache = try #require(fields["optimizer_in_cache_s"] as? Double)
        #expect(inCache > 0 && inCache < train, "optimizer_in_cache_s \(inCache), train_s_per_epoch \(train)")
        // The CPU's multiply-add peak on the same threads, and the training rate's share of it.
        let peak = try #require(fields["fma_peak_gflops"] as? Double), gflops = try #require(fields["gflops"] as? Double)
        #expect(peak > 0)
        #expect([8, 16].contains(fields["fma_peak_lanes"] as? Int ?? 0))
        #expect(abs((fields["fraction_of_peak"] as? Double ?? 0) - gflops / peak) < 1e-9)
        // The timed steps' spread: the median at most the 90th percentile, which is one of the 5 steps, so at most
        // their sum, the timed training (the epoch time is its mean step × 2,400 steps).
        let median = try #require(fields["step_s_median"] as? Double), p90 = try #require(fields["step_s_p90"] as? Double)
        #expect(median > 0 && median <= p90, "step_s_median \(median), step_s_p90 \(p90)")
        #expect(p90 <= 5 * train / 2400 * (1 + 1e-9), "step_s_p90 \(p90), train_s_per_epoch \(train)")
        // One thread has no other core to pass values to; no job table without --jobs.
        #expect(fields["core_round_trip_ns"] is NSNull)
        #expect(fields["jobs"] is NSNull)
    }

    /// `--jobs`: the step's jobs of the pool in order, with their source lines and threads, in the text and the JSON.
    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func jobsListsTheStepsJobs() throws {
        let common = ["bench", "--model", "cnn", "--batches", "3", "--threads", "2", "--jobs"]
        let result = try CommandRunner.run(common + ["--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let jobs = try #require(fields["jobs"] as? [String: Any])
        let list = try #require(jobs["list"] as? [[String: Any]])
        let sites = list.compactMap { $0["site"] as? String }
        #expect(sites.count == list.count && sites.first?.hasPrefix("Training/BatchAssembler.swift:") == true, "\(sites)")
        #expect(sites.contains { $0.hasPrefix("NeuralNet/ConvolutionBlock.swift:") }
                && sites.contains { $0.hasPrefix("NeuralNet/Linear.swift:") }, "\(sites)")
        #expect(list.contains { $0["threads"] as? Int == 2 } && list.allSatisfy { [1, 2].contains($0["threads"] as? Int) })
        #expect((jobs["step_us"] as? Double ?? 0) > 0)
        // Each job's GEMM floor: the convolution blocks' second job and the fully connected layers' passes make
        // products; conv1's forward job (the direct kernel, no product) and the ReLU's make none.
        let floors = list.compactMap { $0["gemm_floor_us"] as? Double }
        #expect(floors.count == list.count, "\(list)")
        let blocks = zip(sites, floors).filter { $0.0.hasPrefix("NeuralNet/ConvolutionBlock.swift:") }.map(\.1)
        #expect(blocks.count == 4 && blocks[0] == 0 && blocks[1] > 0 && blocks[2] > 0 && blocks[3] == 0, "\(blocks)")
        // Three forward and three backward passes of fully connected layers (the sum of fc1's partial input
        // gradients and the output layer's bias gradient and update, also at Linear.swift, make none).
        #expect(zip(sites, floors).filter { $0.0.hasPrefix("NeuralNet/Linear.swift:") && $0.1 > 0 }.count == 6
                && zip(sites, floors).allSatisfy { !$0.0.hasPrefix("NeuralNet/Activation.swift:") || $0.1 == 0 },
                "\(Array(zip(sites, floors)))")
        let text = try CommandRunner.run(common)
        #expect(text.status == 0 && text.standardOutput.contains("Jobs of one training step")
                && text.standardOutput.contains("Steps: median")
                && text.standardOutput.contains("NeuralNet/ConvolutionBlock.swift:")
                && text.standardOutput.contains("GEMM floor") && text.standardOutput.contains("the jobs' GEMM floors add up to"),
                "\(text.standardOutput)")
    }

    /// `--gemm openblas` puts the products on OpenBLAS: the whole CNN step runs and the floor is measured on that path
    /// too.
    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func gemmOpenBLASRunsTheStepOnOpenBLAS() throws {
        let result = try CommandRunner.run(["bench", "--model", "cnn", "--batches", "3", "--threads", "2", "--gemm",
                                            "openblas", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(fields["gemm_kernels"] as? String == "openblas")
        #expect((fields["floor_s"] as? Double ?? 0) > 0 && (fields["epoch_s"] as? Double ?? 0) > 0)
        // Two threads: the cores' round trip before and after the timings.
        let roundTrips = try #require(fields["core_round_trip_ns"] as? [Double])
        #expect(roundTrips.count == 2 && roundTrips.allSatisfy { $0.isFinite && $0 > 0 }, "\(roundTrips)")
        let bad = try CommandRunner.run(["bench", "--gemm", "mkl"])
        #expect(bad.status != 0 && bad.standardError.contains("--gemm"), "\(bad.standardError)")
    }

    /// A stand-in reference that appends its arguments to `calls` and reports 3 s, then 5 s per epoch.
    private func standInReference() throws -> (script: URL, calls: URL) {
        let folder = temporaryFolder("bench")
        let calls = folder.appendingPathComponent("calls")
        let script = folder.appendingPathComponent("reference.py")
        try """
            import json, sys
            open(\(String(reflecting: calls.path)), "a").write(" ".join(sys.argv[1:]) + "\\n")
            print("warming up")
            print(json.dumps({"epoch_s": 3.0 if open(\(String(reflecting: calls.path))).read().count("\\n") == 1 else 5.0}))
            """.write(to: script, atomically: true, encoding: .utf8)
        return (script, calls)
    }

    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func alternatesWithTheReferenceAndComparesMedians() throws {
        let (script, calls) = try standInReference()
        let result = try CommandRunner.run(["bench", "--model", "fcnn", "--batches", "5", "--threads", "1", "--repeats", "2",
                                            "--against-pytorch", script.path, "--python", "python3", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let recorded = try String(contentsOf: calls, encoding: .utf8).split(separator: "\n")
        #expect(recorded == ["time --model fcnn --batches 5 --batch-size 20 --threads 1",
                             "time --model fcnn --batches 5 --batch-size 20 --threads 1"])
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(fields["pytorch_epoch_s"] as? [Double] == [3.0, 5.0])
        #expect(fields["pytorch_epoch_s_median"] as? Double == 4.0)
        let ours = try #require(fields["epoch_s"] as? [Double])
        #expect(ours.count == 2 && ours.allSatisfy { $0 > 0 })
        let median = (ours[0] + ours[1]) / 2
        #expect(abs((fields["epoch_s_median"] as? Double ?? 0) - median) < 1e-9)
        #expect(abs((fields["ratio"] as? Double ?? 0) - 4.0 / median) < 1e-9)
    }

    /// The reference wraps around its permutation, so 20 + 380 batches of 128 (more than its 48,000 images) are timed too.
    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func takesMoreBatchesThanOnePassOverTheImages() throws {
        let (script, calls) = try standInReference()
        let result = try CommandRunner.run(["bench", "--model", "fcnn", "--batch-size", "128", "--batches", "380",
                                            "--threads", "1", "--repeats", "1", "--against-pytorch", script.path,
                                            "--python", "python3", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try String(contentsOf: calls, encoding: .utf8) == "time --model fcnn --batches 380 --batch-size 128 --threads 1\n")
    }

    @Test(.enabled(if: dataAvailable, "needs the Debian package dataset-fashion-mnist"))
    func aReferenceThatFailsIsReportedWithTheFix() throws {
        let script = temporaryFolder("bench").appendingPathComponent("broken.py")
        try "import sys\nsys.exit('No module named torch')\n".write(to: script, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["bench", "--model", "fcnn", "--batches", "5",
                                            "--against-pytorch", script.path, "--python", "python3"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("No module named torch") && result.standardError.contains("--python"),
                "stderr: \(result.standardError)")
        let missing = try CommandRunner.run(["bench", "--model", "fcnn", "--against-pytorch", "/no/such/reference.py"])
        #expect(missing.status == 1 && missing.standardError.contains("/no/such/reference.py"))
    }
}
