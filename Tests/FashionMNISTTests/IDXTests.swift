// IDX parsing: files built in the test, each kind of damage, gzip, and the real data set.
@testable import FashionMNIST
import Foundation
import Testing

/// Builds IDX bytes: big-endian magic, dimensions, then data.
func idxBytes(magic: UInt32, dimensions: [UInt32], data: [UInt8]) -> [UInt8] {
    var bytes = [UInt8]()
    for word in [magic] + dimensions { bytes += withUnsafeBytes(of: word.bigEndian, Array.init) }
    return bytes + data
}

func temporaryFolder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fmnist-idx-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes a tiny but complete data set (3 train, 2 test images) into `folder`, raw IDX files.
func writeTinyDataset(to folder: URL, trainLabels: [UInt8] = [0, 9, 4]) {
    let files: [(String, [UInt8])] = [
        ("train-images-idx3-ubyte", idxBytes(magic: 0x803, dimensions: [3, 28, 28], data: .init(repeating: 7, count: 3 * 784))),
        ("train-labels-idx1-ubyte", idxBytes(magic: 0x801, dimensions: [UInt32(trainLabels.count)], data: trainLabels)),
        ("t10k-images-idx3-ubyte", idxBytes(magic: 0x803, dimensions: [2, 28, 28], data: .init(repeating: 200, count: 2 * 784))),
        ("t10k-labels-idx1-ubyte", idxBytes(magic: 0x801, dimensions: [2], data: [1, 2])),
    ]
    for (name, bytes) in files { try! Data(bytes).write(to: folder.appendingPathComponent(name)) }
}

@Suite("IDX files")
struct IDXTests {
    @Test func goodImagesAndLabels() throws {
        let pixels = (0..<2 * 784).map { UInt8($0 % 256) }
        let (count, parsed) = try IDXFile.parseImages(idxBytes(magic: 0x803, dimensions: [2, 28, 28], data: pixels), path: "x")
        #expect(count == 2 && parsed == pixels)
        #expect(try IDXFile.parseLabels(idxBytes(magic: 0x801, dimensions: [3], data: [0, 5, 9]), path: "y") == [0, 5, 9])
    }

    @Test func badMagic() {
        #expect(throws: DatasetError.badMagic(path: "f", found: 0x801, expected: 0x803)) {
            try IDXFile.parseImages(idxBytes(magic: 0x801, dimensions: [1, 28, 28], data: .init(repeating: 0, count: 784)), path: "f")
        }
    }

    @Test func truncatedData() {
        #expect(throws: DatasetError.truncated(path: "f", expectedBytes: 16 + 2 * 784, foundBytes: 16 + 784)) {
            try IDXFile.parseImages(idxBytes(magic: 0x803, dimensions: [2, 28, 28], data: .init(repeating: 0, count: 784)), path: "f")
        }
        #expect(throws: DatasetError.truncated(path: "g", expectedBytes: 16, foundBytes: 6)) {
            try IDXFile.parseImages([0, 0, 8, 3, 0, 0], path: "g")
        }
    }

    @Test func wrongDimensions() {
        #expect(throws: DatasetError.wrongDimensions(path: "f", found: [32, 32], expected: [28, 28])) {
            try IDXFile.parseImages(idxBytes(magic: 0x803, dimensions: [1, 32, 32], data: .init(repeating: 0, count: 1024)), path: "f")
        }
    }

    @Test func labelOutOfRange() {
        #expect(throws: DatasetError.badLabel(path: "l", index: 1, value: 12)) {
            try IDXFile.parseLabels(idxBytes(magic: 0x801, dimensions: [2], data: [3, 12]), path: "l")
        }
    }

    @Test func countMismatchBetweenImagesAndLabels() {
        let folder = temporaryFolder()
        writeTinyDataset(to: folder, trainLabels: [0, 1])
        let images = folder.appendingPathComponent("train-images-idx3-ubyte").path
        let labels = folder.appendingPathComponent("train-labels-idx1-ubyte").path
        #expect(throws: DatasetError.countMismatch(images: images, imageCount: 3, labels: labels, labelCount: 2)) {
            try FashionMNIST.load(from: folder.path)
        }
    }

    @Test func rawFilesLoad() throws {
        let folder = temporaryFolder()
        writeTinyDataset(to: folder)
        let dataset = try FashionMNIST.load(from: folder.path)
        #expect(dataset.train.count == 3 && dataset.test.count == 2)
        #expect(dataset.train.labels == [0, 9, 4] && dataset.test.image(1).allSatisfy { $0 == 200 })
    }

    @Test func missingFileNamesItAndTheFix() {
        let folder = temporaryFolder()
        let expectedPath = folder.appendingPathComponent("train-images-idx3-ubyte.gz").path
        do {
            _ = try FashionMNIST.load(from: folder.path)
            Issue.record("loading an empty folder succeeded")
        } catch {
            #expect(error == .missingFile(path: expectedPath))
            #expect(error.description.contains("apt-get install dataset-fashion-mnist"))
            #expect(error.description.contains("--data"))
        }
    }

    @Test func corruptGzipIsAnErrorNotACrash() throws {
        let folder = temporaryFolder()
        writeTinyDataset(to: folder)
        let path = folder.appendingPathComponent("t10k-labels-idx1-ubyte.gz")
        try Data([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]).write(to: path)
        #expect(throws: DatasetError.self) { try FashionMNIST.load(from: folder.path) }
        do { _ = try FashionMNIST.load(from: folder.path) } catch {
            #expect(error.description.contains(path.path) && error.description.contains("gzip"))
        }
    }

    @Test func directoryResolutionOrder() {
        #expect(FashionMNIST.resolveDirectory(flag: "/a", environment: ["FMNIST_DATA": "/b"]) == "/a")
        #expect(FashionMNIST.resolveDirectory(flag: nil, environment: ["FMNIST_DATA": "/b"]) == "/b")
        #expect(FashionMNIST.resolveDirectory(flag: nil, environment: [:]) == FashionMNIST.defaultDirectory)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory),
                   "needs the Debian package dataset-fashion-mnist"))
    func theRealDataSetGzipped() throws {
        let dataset = try FashionMNIST.load(from: FashionMNIST.defaultDirectory)
        #expect(dataset.train.count == 60_000 && dataset.test.count == 10_000)
        #expect(dataset.files.allSatisfy { $0.hasSuffix(".gz") })
        // Every class has 6,000 training and 1,000 test images.
        for label in 0..<10 {
            #expect(dataset.train.labels.filter { $0 == label }.count == 6_000)
            #expect(dataset.test.labels.filter { $0 == label }.count == 1_000)
        }
    }
}
