// JobTimeline (bench --jobs): a recorded training step lists the pool's jobs in the order the layers run them, with
// the source line of each `run`, the threads it ran on and times that are consistent, and the pool stops recording
// after `record`. Structure and order only: tests assert no durations.
import Foundation
@testable import NeuralNet
import Testing

@Suite("Job timeline")
struct JobTimelineTests {
    /// A CNN initialized from `seed`, a pool of `threads`, and `step`: a forward and backward pass on a batch of 20,
    /// with Adam, as a training step runs them (also GemmTraceTests').
    static func cnnStep(seed: UInt64, threads: Int) -> (network: Network, pool: ComputePool, step: () -> Void) {
        var rng = SplitMix64(seed: seed)
        let network = Network(.cnn)
        network.initialize(rng: &rng)
        let pool = ComputePool(width: threads)
        let input = Tensor(shape: [20, 1, 28, 28], values: (0..<20 * 784).map { _ in rng.nextUniform() })
        let optimizer = Adam(network.store)
        return (network, pool, {
            optimizer.beginStep()
            let context = PassContext(pool: pool, training: true, dropoutSeed: 7, optimizer: optimizer)
            let logits = network.forward(input, context)
            let labels = [Int32](repeating: 3, count: input.batch), gradient = Tensor(shape: [1])
            _ = labels.withUnsafeBufferPointer { CrossEntropy().loss(logits: logits, labels: $0, gradient: gradient) }
            network.backward(gradient, context)
        })
    }

    @Test(arguments: [1, 2])
    func aStepListsItsJobsInOrderWithConsistentTimes(threads: Int) throws {
        let (_, pool, step) = Self.cnnStep(seed: 5, threads: threads)
        let timeline = JobTimeline.record(on: pool, repeats: 3, step)
        #expect(pool.timeline == nil)

        // Every step ran the same jobs, so they summarise: both convolution blocks forward and backward, the fully
        // connected layers, and on two threads the split jobs on two.
        let summary = try #require(timeline.summary)
        let sites = summary.map(\.site)
        #expect(sites.filter { $0.hasPrefix("NeuralNet/ConvolutionBlock.swift:") }.count == 4, "\(sites)")
        #expect(sites.filter { $0.hasPrefix("NeuralNet/Linear.swift:") }.count >= 6, "\(sites)")
        let firstBlock = try #require(sites.firstIndex { $0.hasPrefix("NeuralNet/ConvolutionBlock.swift:") })
        let firstLinear = try #require(sites.firstIndex { $0.hasPrefix("NeuralNet/Linear.swift:") })
        #expect(firstBlock < firstLinear, "the convolutions run before the fully connected layers")
        #expect(summary.allSatisfy { $0.parts <= threads })
        #expect(summary.contains { $0.parts == 2 } == (threads == 2))

        for step in timeline.steps {
            #expect(step.started <= step.jobs.first!.announced && step.jobs.last!.returned <= step.ended)
            for (job, next) in zip(step.jobs, step.jobs.dropFirst()) { #expect(job.returned <= next.announced) }
            for job in step.jobs {
                #expect(job.announced <= job.callerDone && job.callerDone <= job.returned, "\(job.site)")
                // The caller's part of a split job does some work, and the workers run inside their job (their
                // clock is the same monotonic one), not in an earlier one.
                #expect(job.parts == 1 || job.announced < job.callerDone, "\(job.site)")
                #expect(job.workers.allSatisfy { job.announced <= $0.start && $0.start <= $0.end && $0.end <= job.returned },
                        "\(job.site)")
            }
        }
        #expect(timeline.stepTime > 0)
    }
}
