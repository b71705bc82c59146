// Decompression of gzip'd IDX files through zlib.
import CZlib
import Foundation

enum Gzip {
    /// True when the bytes start with the gzip magic 1f 8b.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Inflates a whole gzip stream; `path` only names the file in errors.
    static func decompress(_ compressed: [UInt8], path: String) throws(DatasetError) -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header and trailer.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .badGzip(path: path, reason: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(expectedSize(compressed))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status: Int32 = Z_OK
        var input = compressed
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    let produced = chunkBuffer.count - Int(stream.avail_out)
                    output.append(contentsOf: chunkBuffer[0..<produced])
                }
            } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        guard status == Z_STREAM_END else {
            let reason = status == Z_OK || status == Z_BUF_ERROR ? "the stream ends early" : "zlib error \(status)"
            throw .badGzip(path: path, reason: reason)
        }
        return output
    }

    /// The size the gzip trailer states (ISIZE, the size modulo 2^32), capped at what deflate can reach
    /// (1032:1): a damaged trailer must not reserve gigabytes. 4 × the input when there is no trailer.
    static func expectedSize(_ compressed: [UInt8]) -> Int {
        guard compressed.count >= 18 else { return compressed.count * 4 }
        let trailer = compressed[(compressed.count - 4)...]
        let stated = trailer.reversed().reduce(0) { $0 << 8 | Int($1) }
        return min(stated, compressed.count * 1032)
    }
}
