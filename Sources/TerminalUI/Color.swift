// Color: terminal colours (default, 16 basic, 256 palette, grey ramp) and their degradation to fewer colours.

/// A terminal colour: the terminal's own default, or an index into the 256-colour palette
/// (0–7 basic, 8–15 bright, 16–231 the 6×6×6 cube, 232–255 the 24-step grey ramp).
public enum Color: Hashable, Sendable, CustomStringConvertible {
    case terminalDefault
    case indexed(UInt8)

    /// The names of the 16 basic colours, in palette order; `bright-` + name gives 8–15.
    public static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    public static let black = Color.indexed(0)
    public static let red = Color.indexed(1)
    public static let green = Color.indexed(2)
    public static let yellow = Color.indexed(3)
    public static let blue = Color.indexed(4)
    public static let magenta = Color.indexed(5)
    public static let cyan = Color.indexed(6)
    public static let white = Color.indexed(7)
    public static let brightBlack = Color.indexed(8)
    public static let brightWhite = Color.indexed(15)

    /// Number of steps in the grey ramp (palette 232–255).
    public static let greySteps = 24

    /// A step of the 24-step grey ramp: 0 is near black (232), 23 near white (255). Clamped.
    public static func grey(_ step: Int) -> Color {
        .indexed(UInt8(232 + min(max(step, 0), greySteps - 1)))
    }

    /// The grey-ramp step nearest to a 0–255 intensity (0 → step 0, 255 → step 23).
    public static func grey(intensity: UInt8) -> Color {
        grey(Int(intensity) * greySteps / 256)
    }

    /// The palette index, or nil for the terminal default.
    public var index: Int? {
        switch self {
        case .terminalDefault: nil
        case .indexed(let value): Int(value)
        }
    }

    /// This colour as a terminal with `colorCount` colours can show it: unchanged when the index
    /// fits, else the nearest basic colour by RGB distance; `terminalDefault` below 8 colours.
    /// With 8 colours greys split at a quarter of full intensity into black and white, so the
    /// dark greys of borders and muted text stay visible on a dark screen.
    public func degraded(toColorCount colorCount: Int) -> Color {
        guard case .indexed(let value) = self else { return self }
        if Int(value) < colorCount { return self }
        if colorCount < 8 { return .terminalDefault }
        let target = Color.rgb(ofIndex: Int(value))
        if colorCount < 16, target.red == target.green, target.green == target.blue {
            return target.red < 64 ? .black : .white
        }
        let candidates = colorCount >= 16 ? 16 : 8
        var best = 0
        var bestDistance = Int.max
        for candidate in 0..<candidates {
            let rgb = Color.rgb(ofIndex: candidate)
            let distance = (rgb.red - target.red) * (rgb.red - target.red)
                + (rgb.green - target.green) * (rgb.green - target.green)
                + (rgb.blue - target.blue) * (rgb.blue - target.blue)
            if distance < bestDistance {
                bestDistance = distance
                best = candidate
            }
        }
        return .indexed(UInt8(best))
    }

    /// xterm's default RGB for a palette index.
    static func rgb(ofIndex index: Int) -> (red: Int, green: Int, blue: Int) {
        let basic: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        switch index {
        case 0..<16:
            return basic[index]
        case 16..<232:
            let levels = [0, 95, 135, 175, 215, 255]
            let cube = index - 16
            return (levels[cube / 36], levels[(cube / 6) % 6], levels[cube % 6])
        default:
            let level = 8 + 10 * (index - 232)
            return (level, level, level)
        }
    }

    /// The spelling the theme files use: `default`, `red`, `bright-blue`, `grey:12`, `236`.
    public var description: String {
        switch self {
        case .terminalDefault:
            return "default"
        case .indexed(let value) where value < 8:
            return Color.basicNames[Int(value)]
        case .indexed(let value) where value < 16:
            return "bright-" + Color.basicNames[Int(value) - 8]
        case .indexed(let value) where value >= 232:
            return "grey:\(Int(value) - 232)"
        case .indexed(let value):
            return String(value)
        }
    }
}
