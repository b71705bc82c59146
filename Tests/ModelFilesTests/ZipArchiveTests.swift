// ZipArchiveTests: the zip reader on hand-built archives: layouts it reads and damage it reports.
import Testing
@testable import ModelFiles

@Suite struct ZipArchiveTests {
    let entries = [
        TestZipEntry(name: "model/data.pkl", contents: [1, 2, 3]),
        TestZipEntry(name: "model/data/0", contents: Array(0..<40)),
    ]

    @Test(arguments: [(comment: "", zip64: false), (comment: "saved by hand", zip64: false),
                      (comment: "", zip64: true), (comment: "both", zip64: true)])
    func readsStoredEntries(comment: String, zip64: Bool) throws {
        let archive = try ZipArchive(bytes: TestZipWriter.archive(entries, comment: comment, zip64: zip64),
                                     file: "a.zip")
        #expect(archive.entries.map(\.name) == ["model/data.pkl", "model/data/0"])
        let storage = try #require(archive.entry(named: "model/data/0"))
        #expect(Array(try archive.contents(of: storage)) == Array(0..<40))
    }

    @Test(arguments: [[UInt8](), Array("just some text, long enough to hold a record".utf8), [0x80, 2, 0x7D, 0x2E]])
    func refusesWhatIsNotAZip(bytes: [UInt8]) {
        expectModelFileError("notAZip", containing: ["x.pth", "not a zip"]) {
            _ = try ZipArchive(bytes: bytes, file: "x.pth")
        }
    }

    @Test func reportsATruncatedZip() {
        let bytes = TestZipWriter.archive(entries)
        expectModelFileError("notAZip", containing: ["truncated"]) {
            _ = try ZipArchive(bytes: Array(bytes.dropLast(5)), file: "x.pth")
        }
        // The end record survives but the central directory it points to is gone.
        expectModelFileError("truncated", containing: ["central directory"]) {
            _ = try ZipArchive(bytes: Array(bytes.suffix(22)), file: "x.pth")
        }
    }

    @Test func namesACompressedEntry() throws {
        var deflated = entries
        deflated[1].method = 8
        let archive = try ZipArchive(bytes: TestZipWriter.archive(deflated), file: "x.pth")
        let entry = try #require(archive.entry(named: "model/data/0"))
        #expect(throws: ModelFileError.compressedEntry(file: "x.pth", entry: "model/data/0", method: 8)) {
            _ = try archive.contents(of: entry)
        }
    }

    @Test func detectsDamagedContents() throws {
        var bytes = TestZipWriter.archive(entries)
        let storageStart = try #require(bytes.indices.first { bytes[$0...].starts(with: Array(0..<40) as [UInt8]) })
        bytes[storageStart + 7] ^= 0xFF
        let archive = try ZipArchive(bytes: bytes, file: "x.pth")
        #expect(throws: ModelFileError.checksumMismatch(file: "x.pth", entry: "model/data/0")) {
            _ = try archive.contents(of: try #require(archive.entry(named: "model/data/0")))
        }
    }

    @Test func computesTheZipChecksum() {
        #expect(CRC32.checksum(Array("123456789".utf8)[...]) == 0xCBF4_3926)
    }
}
