// Reducer+Insight: the projector, layer-health and filters screens: their keys, the trainer's weights
// and health reports, and the ProjectionWorker's answers.
import Insight
import Training

extension DashboardState {
    /// A trainer started: remember how it feeds its inputs; a resumed run's weights give a picture at once.
    mutating func startInsight(_ start: TrainingStart, slot: Int) -> [DashboardEffect] {
        models[slot].projector.normalizesInputs = start.configuration.normalizeInputs
        guard let weights = start.restoredWeights else { return [] }
        models[slot].projector.weights = weights
        models[slot].projector.weightsEpoch = start.completedEpochs
        return [.insight(.project(slot: slot))] + prepareSaliency(slot: slot)
    }

    /// An epoch ended: its dead units and, with its weights, a new PCA picture (and feature maps when shown), and
    /// the weights for its predictions' saliency maps.
    mutating func finishInsightEpoch(_ report: EpochReport, slot: Int) -> [DashboardEffect] {
        if let health = report.layerHealth { models[slot].health.finishEpoch(health, number: report.metrics.epoch) }
        guard let weights = report.weights else { return [] }
        models[slot].projector.weights = weights
        models[slot].projector.weightsEpoch = report.metrics.epoch
        return [.insight(.project(slot: slot))] + prepareSaliency(slot: slot) + featureMapRequests()
    }

    mutating func performInsight(_ action: KeyAction) -> [DashboardEffect] {
        switch action {
        case .showProjector: show(.projector)
        case .showLayerHealth: show(.layerHealth)
        case .showFilters: show(.filters)
        case .projector(let move): return moveProjector(move)
        default: break
        }
        return []
    }

    private mutating func moveProjector(_ action: ProjectorAction) -> [DashboardEffect] {
        let step = ProjectorView.step
        switch action {
        case .left: projectorView.cursorX = max(0, projectorView.cursorX - step)
        case .right: projectorView.cursorX = min(1, projectorView.cursorX + step)
        case .up: projectorView.cursorY = min(1, projectorView.cursorY + step)
        case .down: projectorView.cursorY = max(0, projectorView.cursorY - step)
        case .previousImage, .nextImage:
            stepSelection(by: action == .nextImage ? 1 : -1)
            return []
        case .toggleMethod:
            return toggleProjectionMethod()
        }
        selectNearest()
        return []
    }

    /// `s`: t-SNE ↔ PCA. Showing t-SNE computes it for the latest weights unless done or running.
    private mutating func toggleProjectionMethod() -> [DashboardEffect] {
        if projectorView.method == .tsne {
            projectorView.method = .pca
            selectNearest()
            return []
        }
        projectorView.method = .tsne
        selectNearest()
        let projector = selectedModel.projector
        guard projector.weights != nil, (projector.tsne?.epoch ?? -1) < projector.weightsEpoch,
              projector.tsneProgress == nil || projector.tsneRunningEpoch < projector.weightsEpoch
        else { return [] }
        models[selected].projector.tsneProgress = 0
        models[selected].projector.tsneRunningEpoch = projector.weightsEpoch
        return [.insight(.tsne(slot: selected))]
    }

    /// The picture on screen for the selected model: the chosen method's, else PCA's while t-SNE computes.
    var shownPicture: ModelProjector.Timed? {
        let projector = selectedModel.projector
        return projector.picture(projectorView.method) ?? projector.pca
    }

    /// Points the selection at the sample point nearest the cursor.
    mutating func selectNearest() {
        guard let picture = shownPicture else { return }
        projectorView.selected = ProjectionFrame(picture.projection).nearest(in: picture.projection, x: projectorView.cursorX,
                                                                             y: projectorView.cursorY)
    }

    /// ←/→ on the filters screen: the previous or next image of the sample; the cursor follows it.
    private mutating func stepSelection(by offset: Int) {
        guard let picture = shownPicture, picture.projection.count > 0 else { return }
        let count = picture.projection.count
        let next = ((projectorView.selected ?? 0) + offset + count) % count
        projectorView.selected = next
        (projectorView.cursorX, projectorView.cursorY) = ProjectionFrame(picture.projection).normalized(picture.projection.point(next))
    }

    /// The test image the projector's cursor picks (the first of the sample before any picture).
    var selectedTestIndex: Int? {
        guard let picture = shownPicture else { return nil }
        return picture.projection.testIndices[min(projectorView.selected ?? 0, picture.projection.count - 1)]
    }

    /// On the filters screen with a CNN: ask for the maps of the selected image with the latest
    /// weights, unless they are on screen or asked for already.
    mutating func featureMapRequests() -> [DashboardEffect] {
        guard screen == .filters, !models.isEmpty else { return [] }
        let projector = selectedModel.projector
        guard selectedModel.model == .cnn, projector.weights != nil else { return [] }
        let wanted = ModelProjector.FilterRequest(testIndex: selectedTestIndex ?? 0, epoch: projector.weightsEpoch)
        if let shown = projector.filters, shown.testIndex == wanted.testIndex, projector.filtersEpoch == wanted.epoch { return [] }
        guard projector.pendingFilters != wanted else { return [] }
        models[selected].projector.pendingFilters = wanted
        return [.insight(.featureMaps(slot: selected, testIndex: wanted.testIndex))]
    }

    /// The worker's answers.
    mutating func apply(_ result: InsightResult, slot: Int) -> [DashboardEffect] {
        guard models.indices.contains(slot) else { return [] }
        switch result {
        case .projected(let projection, let epoch, let seconds):
            models[slot].projector.pca = ModelProjector.Timed(projection: projection, epoch: epoch, seconds: seconds)
            if slot == selected { selectNearest() }
            return featureMapRequests()
        case .tsneProgress(let iterations, let epoch):
            if models[slot].projector.tsneRunningEpoch == epoch { models[slot].projector.tsneProgress = iterations }
        case .tsneFinished(let projection, let epoch, let seconds):
            if models[slot].projector.tsneRunningEpoch == epoch { models[slot].projector.tsneProgress = nil }
            if let projection {
                models[slot].projector.tsne = ModelProjector.Timed(projection: projection, epoch: epoch, seconds: seconds)
                if slot == selected { selectNearest() }
            }
        case .featureMaps(let maps, let epoch):
            models[slot].projector.filters = maps
            models[slot].projector.filtersEpoch = epoch
            if models[slot].projector.pendingFilters == ModelProjector.FilterRequest(testIndex: maps.testIndex, epoch: epoch) {
                models[slot].projector.pendingFilters = nil
            }
            return featureMapRequests()
        case .notFinite(let epoch):
            post("\(models[slot].model.displayName): epoch \(epoch)'s activations are not finite; the projector keeps the last picture",
                 isError: true)
        }
        return []
    }
}
