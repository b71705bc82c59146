// The real data files damaged as a disk or a download damages them: cut off in the middle, a byte flipped.
// Each gives an error naming the file and the fix, never a crash or a short data set.
import Foundation
import Testing
@testable import FashionMNIST

@Suite("Damaged data files", .enabled(if: FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory),
                                      "needs the Debian package dataset-fashion-mnist"))
struct DataFaultTests {
    static let names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx1-ubyte.gz"]

    /// The four real files copied into a new folder, `damage` applied to the test images.
    func folder(damaging name: String = "t10k-images-idx3-ubyte.gz", _ damage: (inout [UInt8]) -> Void) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in Self.names {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: FashionMNIST.defaultDirectory).appendingPathComponent(file)))
            if file == name { damage(&bytes) }
            try Data(bytes).write(to: folder.appendingPathComponent(file))
        }
        return folder
    }

    @Test(arguments: ["t10k-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"])
    func aFileCutOffInTheMiddleSaysTheStreamEndsEarly(name: String) throws {
        let folder = try folder(damaging: name) { $0.removeLast($0.count / 2) }
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        #expect(throws: DatasetError.badGzip(path: path, reason: "the stream ends early")) {
            try FashionMNIST.load(from: folder.path)
        }
        do { _ = try FashionMNIST.load(from: folder.path) } catch {
            #expect(error.description.contains("re-download or reinstall the data set"))
        }
    }

    @Test func aFlippedByteInTheMiddleIsAZlibError() throws {
        let folder = try folder { $0[$0.count / 2] ^= 0xFF }
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try FashionMNIST.load(from: folder.path)
            Issue.record("a damaged file loaded")
        } catch {
            guard case .badGzip(let path, let reason) = error else { Issue.record("\(error)"); return }
            #expect(path.hasSuffix("t10k-images-idx3-ubyte.gz"))
            #expect(reason.hasPrefix("zlib error") || reason == "the stream ends early", "\(reason)")
        }
    }

    /// The trailer's stated size is trusted for the buffer only up to deflate's 1032:1.
    @Test func theTrailersSizeIsCappedForTheBuffer() throws {
        let real = [UInt8](try Data(contentsOf: URL(fileURLWithPath: FashionMNIST.defaultDirectory)
            .appendingPathComponent("t10k-labels-idx1-ubyte.gz")))
        #expect(Gzip.expectedSize(real) == 10_008)
        var lying = real
        lying.replaceSubrange((lying.count - 4)..., with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(Gzip.expectedSize(lying) == real.count * 1032)
        #expect(Gzip.expectedSize([0x1f, 0x8b]) == 8)
    }
}
