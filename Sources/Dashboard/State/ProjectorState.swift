// ProjectorState: what the projector and filters screens know about a model (the weights its last epoch
// ended with, the PCA and t-SNE pictures, the feature maps), the screens' cursor, and the requests and
// results that go between the reducer and the ProjectionWorker.
import Insight
import NeuralNet

/// One model's projector (`ModelRunState.projector`).
public struct ModelProjector: Sendable {
    /// Whether the model's inputs are normalised (the improved recipe), as the projector must feed them.
    public var normalizesInputs = false
    /// The weights the latest epoch ended with (shared by the trainer), and that epoch.
    public var weights: ParameterSnapshot?
    public var weightsEpoch = 0
    public var pca: Timed?
    public var tsne: Timed?
    /// Iterations done by the t-SNE being computed for `tsneRunningEpoch`; nil when none runs.
    public var tsneProgress: Int?
    public var tsneRunningEpoch = 0
    /// conv1's kernels and the feature maps of one image (the CNN only), and the epoch of their weights.
    public var filters: FilterMaps?
    public var filtersEpoch = 0
    /// The feature maps asked for and not yet answered: (test index, epoch).
    public var pendingFilters: FilterRequest?

    /// A picture and what it took.
    public struct Timed: Sendable {
        public var projection: Projection
        public var epoch: Int
        /// CPU seconds of the computation on its thread (forward pass over the sample included).
        public var seconds: Double
    }

    public struct FilterRequest: Hashable, Sendable {
        public var testIndex: Int
        public var epoch: Int
    }

    public init() {}

    /// The picture for `method`, if computed.
    public func picture(_ method: Projection.Method) -> Timed? { method == .pca ? pca : tsne }
}

/// The projector screen's view, shared by the models: which picture and where the cursor is.
public struct ProjectorView: Hashable, Sendable {
    public var method = Projection.Method.pca
    /// The cursor in the picture's frame: 0…1 from left to right and from bottom to top.
    public var cursorX = 0.5
    public var cursorY = 0.5
    /// The sample point nearest the cursor (index into the projection), once there is a picture.
    public var selected: Int?

    public init() {}

    /// Cursor steps: a fortieth of the picture per key press.
    static let step = 1.0 / 40
}

/// The frame a projection is drawn in: its points' extent, each axis mapped to 0…1.
public struct ProjectionFrame: Sendable {
    public let minX: Float, maxX: Float, minY: Float, maxY: Float

    public init(_ projection: Projection) {
        var (minX, maxX, minY, maxY) = (Float.infinity, -Float.infinity, Float.infinity, -Float.infinity)
        for index in 0..<projection.count {
            let (x, y) = projection.point(index)
            (minX, maxX, minY, maxY) = (min(minX, x), max(maxX, x), min(minY, y), max(maxY, y))
        }
        if minX > maxX { (minX, maxX, minY, maxY) = (0, 1, 0, 1) }
        self.minX = minX
        self.maxX = maxX > minX ? maxX : minX + 1
        self.minY = minY
        self.maxY = maxY > minY ? maxY : minY + 1
    }

    /// A point's place in the frame, each coordinate 0…1.
    public func normalized(_ point: (x: Float, y: Float)) -> (x: Double, y: Double) {
        (Double((point.x - minX) / (maxX - minX)), Double((point.y - minY) / (maxY - minY)))
    }

    /// The point of `projection` nearest (x, y) of the frame.
    public func nearest(in projection: Projection, x: Double, y: Double) -> Int? {
        (0..<projection.count).min { a, b in
            let (pa, pb) = (normalized(projection.point(a)), normalized(projection.point(b)))
            return (pa.x - x) * (pa.x - x) + (pa.y - y) * (pa.y - y) < (pb.x - x) * (pb.x - x) + (pb.y - y) * (pb.y - y)
        }
    }
}

/// Work the reducer asks the session's ProjectionWorker for (off the UI thread and the trainers').
public enum InsightRequest: Hashable, Sendable {
    /// The PCA picture of the model's latest weights.
    case project(slot: Int)
    /// The t-SNE picture of the model's latest weights (cancels one already running for the slot).
    case tsne(slot: Int)
    /// conv1's kernels and the feature maps of a test image, for the CNN.
    case featureMaps(slot: Int, testIndex: Int)
}

/// What the worker answers.
public enum InsightResult: Sendable {
    case projected(Projection, epoch: Int, seconds: Double)
    case tsneProgress(iterations: Int, epoch: Int)
    /// Nil: cancelled or failed (not finite activations).
    case tsneFinished(Projection?, epoch: Int, seconds: Double)
    case featureMaps(FilterMaps, epoch: Int)
    /// The activations of the epoch's weights are not all finite numbers: no picture.
    case notFinite(epoch: Int)
}
