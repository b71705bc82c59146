// ProjectionWorkerTests: the session's last wait. Quitting while a projection was still inside sgemm crashed
// the process (SIGSEGV on exit, seen once by DashboardTensorBoardTests); `finish` must return only after every
// computation in flight has delivered, and must cut a running t-SNE short rather than wait for its 1,000 steps.
import FashionMNIST
import Foundation
import Insight
import TerminalUI
import Testing
@testable import Dashboard

@Suite struct ProjectionWorkerTests {
    /// Asks `worker` for `request` on the mid-training state, awaits `finish`, and returns what had been
    /// delivered by then.
    static func deliveredBeforeFinish(_ request: InsightRequest, testImages: LabeledImages = Fixtures.testImages)
        async -> [InsightResult] {
        let worker = ProjectionWorker(testImages: testImages)
        let (stream, inputs) = AsyncStream<DashboardInput>.makeStream()
        worker.perform(request, state: InsightRenderTests.state(size: Size(width: 140, height: 45)), inputs: inputs)
        await worker.finish()
        inputs.finish()
        var results = [InsightResult]()
        for await input in stream {
            if case .insight(_, let result) = input { results.append(result) }
        }
        return results
    }

    @Test func finishWaitsForTheProjectionInFlight() async {
        let results = await Self.deliveredBeforeFinish(.project(slot: 1))
        guard case .projected(let projection, let epoch, _)? = results.last else {
            Issue.record("finish returned before the CNN's PCA was delivered: \(results)")
            return
        }
        #expect(epoch == 1 && projection.count == Fixtures.testImages.labels.count)
    }

    /// On the real test set's 2,000-image sample a t-SNE takes seconds; `finish` cancels it (no picture).
    @Test func finishCutsARunningTSNEShortAndWaitsForItsEnd() async throws {
        let testImages = try FashionMNIST.load(from: FashionMNIST.defaultDirectory).test
        let results = await Self.deliveredBeforeFinish(.tsne(slot: 0), testImages: testImages)
        guard case .tsneFinished(let projection, let epoch, _)? = results.last else {
            Issue.record("finish returned before the t-SNE thread had ended: \(results)")
            return
        }
        #expect(epoch == 2 && projection == nil)
    }
}
