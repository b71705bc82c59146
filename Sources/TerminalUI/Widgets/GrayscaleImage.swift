// GrayscaleImage: an 8-bit grey image as half-block cells on the 24-step grey ramp, with shade and ASCII fallbacks.

/// A grey image (0 black … 255 white), row-major. With 256 colours and Unicode each cell shows
/// two pixels stacked: `▀` with the upper pixel as foreground and the lower as background, so a
/// 28×28 image takes 28×14 cells. Otherwise each cell shows the average of its two pixels as a
/// shade (` ░▒▓█`, or ` .:#@` in ASCII). The thumbnail scale first averages 2×2 pixel blocks.
public struct GrayscaleImage: Widget, Sendable {
    public enum Scale: Hashable, Sendable {
        /// One pixel per half cell: 28×28 → 28×14 cells.
        case full
        /// 2×2 pixels averaged first: 28×28 → 14×7 cells.
        case thumbnail
    }

    public var pixels: [UInt8]
    public var width: Int
    public var height: Int
    public var scale: Scale

    /// Missing pixels (a short array) count as black.
    public init(pixels: [UInt8], width: Int = 28, height: Int = 28, scale: Scale = .full) {
        self.pixels = pixels
        self.width = max(0, width)
        self.height = max(0, height)
        self.scale = scale
    }

    /// The pixel grid after scaling.
    private var sampledSize: Size {
        switch scale {
        case .full: Size(width: width, height: height)
        case .thumbnail: Size(width: (width + 1) / 2, height: (height + 1) / 2)
        }
    }

    /// Cells the image covers.
    public var cellSize: Size {
        let sampled = sampledSize
        return Size(width: sampled.width, height: (sampled.height + 1) / 2)
    }

    /// A pixel of the scaled image (averages of up to 2×2 source pixels for thumbnails).
    func sample(x: Int, y: Int) -> Int {
        switch scale {
        case .full:
            return pixel(x: x, y: y)
        case .thumbnail:
            var sum = 0
            var count = 0
            for sourceY in (2 * y)..<min(2 * y + 2, height) {
                for sourceX in (2 * x)..<min(2 * x + 2, width) {
                    sum += pixel(x: sourceX, y: sourceY)
                    count += 1
                }
            }
            return count == 0 ? 0 : (sum + count / 2) / count
        }
    }

    private func pixel(x: Int, y: Int) -> Int {
        let index = y * width + x
        return index < pixels.count ? Int(pixels[index]) : 0
    }

    public func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        let sampled = sampledSize
        let cells = cellSize
        let visible = Rect(x: rect.x, y: rect.y, width: min(cells.width, rect.width), height: min(cells.height, rect.height))
        guard !visible.isEmpty else { return }
        let halfBlocks = capabilities.unicode && capabilities.hasGreyRamp
        for row in 0..<visible.height {
            let upperY = 2 * row
            let hasLower = upperY + 1 < sampled.height
            for column in 0..<visible.width {
                let upper = sample(x: column, y: upperY)
                let lower = hasLower ? sample(x: column, y: upperY + 1) : nil
                let point = Point(x: visible.x + column, y: visible.y + row)
                if halfBlocks {
                    let style = Style(foreground: .grey(intensity: UInt8(upper)),
                                      background: lower.map { .grey(intensity: UInt8($0)) })
                    buffer.put("▀", at: point, style: style, clip: visible)
                } else {
                    let average = lower.map { (upper + $0 + 1) / 2 } ?? upper
                    buffer.put(capabilities.glyphs.shade(forIntensity: average), at: point, style: theme.text, clip: visible)
                }
            }
        }
    }
}
