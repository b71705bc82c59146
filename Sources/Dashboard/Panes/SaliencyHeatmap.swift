// SaliencyHeatmap: an attribution map as heat over its grey image in half blocks (▀: one cell, two pixels):
// |attribution| black → red → yellow → white, or signed, green for evidence for the class and red against.
import TerminalUI

struct SaliencyHeatmap: Widget {
    /// The image under the heat, 28×28 grey.
    let pixels: [UInt8]
    /// 784 values scaled for display (`PercentileClipping.normalized`): 0 … 1, or −1 … 1 when signed.
    let heat: [Float]
    let signed: Bool
    let scale: GrayscaleImage.Scale

    static let side = 28

    var cellSize: Size { GrayscaleImage(pixels: pixels, scale: scale).cellSize }

    /// Grey and heat at a pixel of the scaled image (2×2 averages for thumbnails); nil below the image.
    private func sample(x: Int, y: Int) -> (grey: Float, heat: Float)? {
        let step = scale == .full ? 1 : 2
        guard y * step < Self.side else { return nil }
        var (grey, heatSum, count): (Float, Float, Float) = (0, 0, 0)
        for sourceY in y * step..<min(y * step + step, Self.side) {
            for sourceX in x * step..<min(x * step + step, Self.side) {
                let index = sourceY * Self.side + sourceX
                grey += index < pixels.count ? Float(pixels[index]) / 255 : 0
                heatSum += index < heat.count ? heat[index] : 0
                count += 1
            }
        }
        return (grey / count, heatSum / count)
    }

    func render(into buffer: inout CellBuffer, in rect: Rect, theme: Theme, capabilities: Capabilities) {
        let cells = cellSize
        let visible = Rect(x: rect.x, y: rect.y, width: min(cells.width, rect.width), height: min(cells.height, rect.height))
        guard !visible.isEmpty else { return }
        for row in 0..<visible.height {
            for column in 0..<visible.width {
                guard let upper = sample(x: column, y: 2 * row) else { continue }
                let lower = sample(x: column, y: 2 * row + 1)
                let point = Point(x: visible.x + column, y: visible.y + row)
                if capabilities.unicode && capabilities.hasGreyRamp {
                    let style = Style(foreground: Self.color(grey: upper.grey, heat: upper.heat, signed: signed),
                                      background: lower.map { Self.color(grey: $0.grey, heat: $0.heat, signed: signed) })
                    buffer.put("▀", at: point, style: style, clip: visible)
                } else {
                    // Without colours the heat alone, as a shade; the sign as the theme's right or wrong colour.
                    let value = lower.map { (upper.heat + $0.heat) / 2 } ?? upper.heat
                    let style = signed ? (value < 0 ? theme.wrong : theme.right) : theme.text
                    buffer.put(capabilities.glyphs.shade(forIntensity: Int(min(abs(value), 1) * 255)), at: point, style: style,
                               clip: visible)
                }
            }
        }
    }

    /// The image dimmed to a third, with the heat's colour laid over it in proportion to its strength.
    static func color(grey: Float, heat: Float, signed: Bool) -> Color {
        let strength = min(abs(heat), 1)
        let tint: (Float, Float, Float)
        if signed {
            tint = heat >= 0 ? (0.1, 0.9, 0.3) : (0.95, 0.15, 0.15)
        } else {
            tint = (min(1, 3 * strength), min(1, max(0, 3 * strength - 1)), min(1, max(0, 3 * strength - 2)))
        }
        let base = grey / 3
        return nearest(red: base * (1 - strength) + tint.0 * strength, green: base * (1 - strength) + tint.1 * strength,
                       blue: base * (1 - strength) + tint.2 * strength)
    }

    /// The xterm-256 colour nearest to an RGB triple in 0 … 1: a cell of the 6×6×6 cube or a step of the grey ramp.
    static func nearest(red: Float, green: Float, blue: Float) -> Color {
        let levels: [Float] = [0, 95, 135, 175, 215, 255]
        func level(_ value: Float) -> Int {
            let target = value * 255
            return levels.indices.min { abs(levels[$0] - target) < abs(levels[$1] - target) }!
        }
        let (r, g, b) = (level(red), level(green), level(blue))
        let cube = (levels[r], levels[g], levels[b])
        let mean = (red + green + blue) / 3 * 255
        let step = min(23, max(0, Int(((mean - 8) / 10).rounded())))
        let grey = Float(8 + 10 * step)
        func distance(_ c: (Float, Float, Float)) -> Float {
            let d = (c.0 - red * 255, c.1 - green * 255, c.2 - blue * 255)
            return d.0 * d.0 + d.1 * d.1 + d.2 * d.2
        }
        if distance((grey, grey, grey)) < distance(cube) { return .indexed(UInt8(232 + step)) }
        return .indexed(UInt8(16 + 36 * r + 6 * g + b))
    }
}
