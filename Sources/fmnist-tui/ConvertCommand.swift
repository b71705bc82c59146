// `fmnist-tui convert`: checks weights against their model and writes them as safetensors.
import ArgumentParser
import Foundation
import ModelFiles
import Training

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert weights (.pth or .safetensors) to a .safetensors file with PyTorch's tensor names.",
        discussion: """
            The weights are checked first: they must hold exactly the FCNN's or the CNN's tensors with \
            their shapes. The output loads in PyTorch with safetensors.torch.load_file and \
            load_state_dict(strict=True); its metadata names the source file and the model. \
            An existing --out is never replaced unless --force is given; the file is written to a \
            temporary file and renamed into place, so a failed write leaves nothing behind.
            """)

    @OptionGroup var weights: WeightsOptions
    @Option(help: ArgumentHelp("The .safetensors file to write.", valueName: "file")) var out: String
    @Flag(help: "Replace --out if it already exists.") var force = false

    func validate() throws {
        guard out.lowercased().hasSuffix(".safetensors") else {
            throw ValidationError("--out must name a .safetensors file (convert writes safetensors only), got \(out)")
        }
    }

    func run() throws {
        if !force && FileManager.default.fileExists(atPath: out) {
            throw UserFacingError(description: "\(out) already exists; pass --force to replace it")
        }
        let network = try weights.loadNetwork()
        let metadata = ["source": weights.url.lastPathComponent, "model": network.kind.rawValue, "format": "pt"]
        let stateDict = Checkpoint.stateDict(of: network, metadata: metadata)
        try SafeTensorsFile.write(stateDict, to: URL(fileURLWithPath: out))
        print("wrote \(out): \(network.kind.displayName), \(stateDict.tensors.count) tensors, "
            + "\(network.kind.parameterCount.formatted()) parameters")
    }
}
