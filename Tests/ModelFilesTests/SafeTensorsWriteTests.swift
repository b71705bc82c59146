// SafeTensorsWriteTests: writing to disk replaces files whole and leaves nothing behind when it fails.
import Foundation
import Testing
@testable import ModelFiles

@Suite struct SafeTensorsWriteTests {
    let folder: URL
    let stateDict = StateDict(tensors: [NamedTensor(name: "w", shape: [2], values: [1, 2])], metadata: ["epoch": "3"])

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ModelFilesTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func folderContents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func writesAndReplacesAFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        try SafeTensorsFile.write(StateDict(tensors: []), to: url)
        try SafeTensorsFile.write(stateDict, to: url)
        #expect(try SafeTensorsFile.read(contentsOf: url) == stateDict)
        #expect(try folderContents() == ["model.safetensors"])
    }

    @Test func leavesNothingBehindWhenTheRenameFails() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let occupied = folder.appendingPathComponent("occupied")
        try FileManager.default.createDirectory(at: occupied.appendingPathComponent("child"),
                                                withIntermediateDirectories: true)
        expectModelFileError("cannotWrite", containing: ["occupied", "rename"]) {
            try SafeTensorsFile.write(stateDict, to: occupied)
        }
        #expect(try folderContents() == ["occupied"])
    }

    @Test func reportsAMissingFolder() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("absent/model.safetensors")
        expectModelFileError("cannotWrite", containing: ["absent/model.safetensors", "No such file"]) {
            try SafeTensorsFile.write(stateDict, to: url)
        }
        #expect(try folderContents().isEmpty)
    }

    @Test func reportsAnUnreadableFile() {
        let url = folder.appendingPathComponent("nothing-here.pth")
        defer { try? FileManager.default.removeItem(at: folder) }
        expectModelFileError("cannotRead", containing: ["nothing-here.pth"]) {
            _ = try PyTorchCheckpoint.read(contentsOf: url)
        }
    }
}
