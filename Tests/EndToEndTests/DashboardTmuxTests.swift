// The dashboard in a real terminal: started in a tmux pane, driven with keys, captured after each, quit cleanly.
import Foundation
import Testing

@Suite("dashboard in tmux", .serialized)
struct DashboardTmuxTests {
    static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    static func hasBraille(_ screen: String) -> Bool {
        screen.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }
    }

    /// Both models train on 2,000 images for 2 epochs; the keys of the issue, a capture after each.
    @Test(.enabled(if: dataAvailable && TmuxPane.isAvailable, "needs dataset-fashion-mnist and tmux"),
          .timeLimit(.minutes(5)))
    func trainsBothModelsAnswersKeysAndQuitsCleanly() throws {
        let runs = temporaryFolder("dashboard-runs")
        let status = runs.deletingLastPathComponent().appendingPathComponent("\(runs.lastPathComponent).status")
        let command = "LANG=C.UTF-8 LC_ALL=C.UTF-8 '\(CommandRunner.executable.path)' --train-limit 2000 --epochs 2 "
            + "--runs-dir '\(runs.path)'; echo $? > '\(status.path)'"
        let pane = try TmuxPane(command: command, width: 140, height: 45)
        defer {
            pane.kill()
            try? FileManager.default.removeItem(at: runs)
            try? FileManager.default.removeItem(at: status)
        }

        // FCNN is selected; after its first epoch the chart has curves and the matrix has every class.
        try pane.waitFor("the FCNN's first epoch: curves and every class in the matrix") { screen in
            (screen.contains("Confusion · validation") || screen.contains("Confusion · test")) && Self.hasBraille(screen)
                && (["1 FCNN", "2 CNN"] + Self.classNames).allSatisfy(screen.contains)
        }

        try pane.send("Tab")
        try pane.waitFor("the CNN selected") { $0.split(separator: "\n").dropFirst().first?.hasPrefix(" CNN ") == true }
        try pane.send("Space")
        try pane.waitFor("the CNN paused", showing: ["2 CNN ‖ paused", " CNN seed  ‖ paused"])

        // The browser keeps showing the same image when new predictions arrive, so open it once
        // the FCNN's final test predictions are in.
        try pane.send("1")
        try pane.waitFor("the FCNN done") { $0.contains("1 FCNN ✓ done") }
        try pane.send("m")
        try pane.waitFor("the misclassified view", showing: ["Misclassified · FCNN", "true", "predicted", " 1 of "])
        try pane.send("Right")
        try pane.waitFor("the second misclassified image") { $0.contains(" 2 of ") }

        // Saliency (issue #14): the maps arrive with their completeness error and sanity badge; `s` takes the next method.
        try pane.waitFor("the saliency maps", showing: ["completeness error", "sanity ρ", "method: integrated gradients"])
        try pane.send("s", literally: true)
        try pane.waitFor("the SmoothGrad maps") { $0.contains("method: SmoothGrad") && $0.contains("sanity ρ") }

        try pane.send("?", literally: true)
        try pane.waitFor("the help", showing: ["Esc/other keys close", "pause / resume the selected model"])
        try pane.send("Escape")
        try pane.waitFor("the help closed", showing: ["Misclassified · FCNN"], notShowing: ["Esc/other keys close"])

        // The confusion matrix's cursor: Enter on (Trouser, T-shirt/top) opens that cell's images.
        try pane.send("Escape")
        try pane.send("c", literally: true)
        try pane.waitFor("the matrix's cursor", showing: ["Enter open the cell's images", "most confused: "])
        try pane.send("Down")
        try pane.send("Enter")
        try pane.waitFor("the cell's images") { $0.contains("True Trouser predicted T-shirt/top · FCNN") }
        try openInsightScreens(pane)
        try startARunFromTheForm(pane, runsFolder: runs.lastPathComponent)

        try pane.send("q")
        let exitStatus = try pane.waitForFile(status, seconds: 60)
        #expect(exitStatus == "0")
        let screen = try pane.capture()
        #expect(screen.contains("CNN   stopped") || screen.contains("CNN   finished"), "\(screen)")

        let folders = try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted()
        #expect(folders.count == 3 && folders.filter { $0.hasSuffix("-fcnn") }.count == 2 && folders.contains { $0.hasSuffix("-cnn") })
        for folder in folders {
            let files = try FileManager.default.contentsOfDirectory(atPath: runs.appendingPathComponent(folder).path)
            #expect(files.contains("config.json") && files.contains("metrics.jsonl") && files.contains("state"), "\(folder): \(files)")
        }
        let cnnState = try String(contentsOf: runs.appendingPathComponent(folders.first { $0.hasSuffix("-cnn") }!)
            .appendingPathComponent("state"), encoding: .utf8)
        #expect(["stopped\n", "finished\n"].contains(cnnState))
    }

    /// `n` over the CNN's tab: the form with its defaults, the model changed to the FCNN, 1 epoch typed, Enter: a
    /// third tab trains, and its run is in the runs view (three runs in the folder).
    private func startARunFromTheForm(_ pane: TmuxPane, runsFolder: String) throws {
        try pane.send("n", literally: true)
        try pane.waitFor("the new-run form", showing: ["New run", "defaults from ", "◂ cnn ▸", "Enter start"])
        for key in ["Left", "Down", "Down"] { try pane.send(key) }
        try pane.send("1", literally: true)
        try pane.waitFor("the epochs typed") { $0.contains("◂ fcnn ▸") && $0.contains(" 1_ ") }
        try pane.send("Enter")
        try pane.waitFor("the third tab") { $0.contains("3 FCNN") && !$0.contains("New run") }
        try pane.send("r", literally: true)
        try pane.waitFor("the new run in the runs view") { $0.contains("Runs · 3 in \(runsFolder)/") }
        try pane.send("Escape")
        try pane.waitFor("the main screen again") { !$0.contains("Runs · ") }
    }

    /// The projector (PCA of the FCNN's last epoch, the cursor, t-SNE starting), layer health, then the
    /// CNN's filters once its first epoch has ended (it was paused: resumed here).
    private func openInsightScreens(_ pane: TmuxPane) throws {
        try pane.send("e")
        try pane.waitFor("the FCNN's projection with every class in its legend") { screen in
            screen.contains("Embedding · FCNN · PCA · epoch 2") && screen.contains("variance explained PC1") && Self.hasBraille(screen)
                && Self.classNames.allSatisfy { screen.contains("■ \($0)") }
        }
        try pane.send("Left")
        try pane.waitFor("the cursor's image") { $0.range(of: #"#[0-9]+ "#, options: .regularExpression) != nil && $0.contains(" s CPU") }
        try pane.send("s")
        try pane.waitFor("t-SNE running or done") { $0.contains("t-SNE of epoch 2") || $0.contains("Embedding · FCNN · t-SNE") }
        try pane.send("h")
        try pane.waitFor("layer health", showing: ["Layer health · FCNN", "loss at initialisation", "fc1.weight", "fc2_relu", "dead"])
        try pane.send("f")
        try pane.waitFor("the FCNN's filters note") { $0.contains("The FCNN has no convolutions") }
        try pane.send("2")
        try pane.send("Space")
        try pane.waitFor("the CNN's filters", seconds: 120, showing: ["Filters · CNN · epoch", "conv2 feature maps", "conv1 kernels 3×3"])
        try pane.send("Escape")
        try pane.waitFor("the main screen") { $0.contains("Confusion ·") }
    }

}
