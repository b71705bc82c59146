// DashboardState: everything the screen shows, as one value; changed only by `reduce`, drawn by `render`.
import FashionMNIST
import TerminalUI
import Training

public struct DashboardState: Sendable {
    /// A short message in the footer, e.g. a theme that could not be loaded.
    public struct Notice: Hashable, Sendable {
        public var text: String
        public var isError: Bool
        /// Seconds on the session clock after which it goes.
        public var expires: Double
    }

    /// Smoothing weights `+` and `-` step through (debiased exponential moving average).
    public static let smoothingWeights = [0, 0.3, 0.6, 0.8, 0.9, 0.95]
    /// How long a notice stays, in seconds.
    static let noticeSeconds = 6.0

    public var models: [ModelRunState]
    /// Index into `models` of the model on screen.
    public var selected = 0
    /// The screen in the body.
    public var screen = DashboardScreen.main
    /// What is drawn over the screen, bottom first.
    public var overlays: [DashboardOverlay] = []
    /// The first entry the help box shows when its entries do not all fit (`HelpPane.scrolled`).
    public var helpFirstEntry = 0
    public var lossScale = ChartScale.linear
    /// Index into `smoothingWeights`.
    public var smoothingLevel = 0
    public var themeNames: [String]
    public var themeName: String
    /// The terminal's size.
    public var screenSize: Size
    /// Cores the trainers share.
    public var cores: Int
    /// What the commands the dashboard suggests add to name its runs folder: " --runs-dir '<folder>'" when it was
    /// given on the command line, else "".
    public var runsFolderFlag = ""
    /// `q` was pressed: trainers are stopping, the program ends when all have returned.
    public var isQuitting = false
    public var notice: Notice?
    /// Seconds since the session started, from the last tick.
    public var now = 0.0
    /// The test images, for the sample strip and the misclassified browser.
    public let testImages: LabeledImages
    public var browser = MisclassifiedBrowser()
    /// Every run folder, the runs view's table, marks and filter (#12).
    public var runsView = RunsViewState()
    /// The projector's method and cursor (#14).
    public var projectorView = ProjectorView()
    // Insight (issue #14): the misclassified view's saliency maps, the confusion matrix's cursor.
    public var saliency = SaliencyView()
    public var confusionCursor = ConfusionCell(trueClass: 0, predictedClass: 0)
    /// The new-run form while it is open (`n`, #12).
    public var newRunForm: NewRunForm?

    public init(models: [ModelRunState], testImages: LabeledImages, themeNames: [String], themeName: String,
                screenSize: Size = .zero, cores: Int = 2) {
        self.models = models
        self.testImages = testImages
        self.themeNames = themeNames
        self.themeName = themeName
        self.screenSize = screenSize
        self.cores = max(1, cores)
    }

    /// The model on screen; only asked for when there is one (`dashboard --watch` trains none).
    public var selectedModel: ModelRunState { models[selected] }

    /// Runs marked in the runs view, whose curves overlay the loss and accuracy charts, in the order marked.
    public var comparedRuns: [RunSummary] { runsView.markedRuns }

    public var smoothingWeight: Double { Self.smoothingWeights[smoothingLevel] }

    mutating func post(_ text: String, isError: Bool = false) {
        notice = Notice(text: text, isError: isError, expires: now + Self.noticeSeconds)
    }
}
