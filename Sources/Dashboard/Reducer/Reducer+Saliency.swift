// Reducer+Saliency: the misclassified view's saliency keys, the requests for maps its image needs, their
// results; the confusion matrix's cursor and its drill-down into the browser (issue #14).
import FashionMNIST
import Foundation
import Insight
import NeuralNet

extension DashboardState {
    mutating func changeSaliency(_ action: SaliencyAction) {
        let model = selectedModel.model
        let methods = AttributionMethod.available(for: model)
        switch action {
        case .nextMethod:
            saliency.method = saliency.method(for: model).next(for: model)
        case .previousMethod:
            let index = methods.firstIndex(of: saliency.method(for: model)) ?? 0
            saliency.method = methods[(index + methods.count - 1) % methods.count]
        case .toggleSigned:
            saliency.signed.toggle()
        case .toggleBothModels:
            saliency.bothModels.toggle()
        }
    }

    /// The image the misclassified view shows, if any.
    var browsedImage: MisclassifiedImage? {
        let shown = browser.visible(selectedModel.predictions, labels: testImages.labels)
        return browser.position(in: shown).map { shown[$0] }
    }

    /// The slots whose maps the misclassified view shows: the selected model, or with `v` every model.
    var saliencySlots: [Int] { saliency.bothModels ? Array(models.indices) : [selected] }

    /// The request for the maps of `slot` on the browsed image: the selected model's prediction and the true
    /// class, with the weights its predictions came from; nil when there are no saved weights yet.
    func saliencyRequest(slot: Int) -> SaliencyRequest? {
        guard let image = browsedImage, let weights = saliencyWeights(slot: slot) else { return nil }
        let model = models[slot].model
        return SaliencyRequest(slot: slot, model: model, testIndex: image.index, targets: [image.predictedLabel, image.trueLabel],
                               method: saliency.method(for: model), weightsFile: weights.file,
                               predictionsStamp: weights.stamp, normalizesInputs: models[slot].normalizesInputs)
    }

    /// The weights the predictions of `slot` came from: the epoch's (handed over by the trainer with them) or the
    /// best ones at the end; nil when there are no saved weights yet.
    func saliencyWeights(slot: Int) -> SaliencyWeights? {
        guard models.indices.contains(slot), let predictions = models[slot].predictions,
              let folder = models[slot].runFolder else { return nil }
        let model = models[slot].model, projector = models[slot].projector
        switch predictions.source {
        case .preview(let epoch):
            return SaliencyWeights(model: model, file: folder.appendingPathComponent("last.safetensors"), stamp: "epoch \(epoch)",
                                   snapshot: projector.weightsEpoch == epoch ? projector.weights : nil)
        case .test(let bestEpoch):
            return SaliencyWeights(model: model, file: folder.appendingPathComponent("best.safetensors"), stamp: "best \(bestEpoch)")
        }
    }

    /// Hands the saliency worker the weights of the slot's predictions, when there are saved ones.
    func prepareSaliency(slot: Int) -> [DashboardEffect] {
        saliencyWeights(slot: slot) == nil ? [] : [.prepareSaliency(slot: slot)]
    }

    /// Asks for the maps the misclassified view needs and has not asked for yet.
    mutating func requestSaliency() -> [DashboardEffect] {
        guard screen == .misclassified, !isQuitting else { return [] }
        var effects = [DashboardEffect]()
        for slot in saliencySlots {
            guard let request = saliencyRequest(slot: slot), saliency.requested[slot] != request else { continue }
            saliency.requested[slot] = request
            effects.append(.computeSaliency(request))
        }
        return effects
    }

    /// Keeps a result only when it answers the newest request of its slot.
    mutating func receiveSaliency(_ result: SaliencyResult) {
        guard saliency.requested[result.request.slot] == result.request else { return }
        saliency.results[result.request.slot] = result
    }

    mutating func moveConfusionCursor(_ action: ConfusionCursorAction) {
        let classes = FashionMNIST.classNames.count
        switch action {
        case .up: confusionCursor = confusionCursor.moved(rows: -1, columns: 0, classes: classes)
        case .down: confusionCursor = confusionCursor.moved(rows: 1, columns: 0, classes: classes)
        case .left: confusionCursor = confusionCursor.moved(rows: 0, columns: -1, classes: classes)
        case .right: confusionCursor = confusionCursor.moved(rows: 0, columns: 1, classes: classes)
        case .openCell:
            browser = MisclassifiedBrowser(cell: confusionCursor)
            show(.misclassified)
        }
    }
}
