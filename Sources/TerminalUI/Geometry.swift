// Geometry: cell sizes and rectangles on the terminal grid, with the clipping and splitting helpers widgets use.

/// A size in terminal cells. Negative extents are clamped to zero.
public struct Size: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public static let zero = Size(width: 0, height: 0)

    /// `true` when this size is at least `other` in both directions.
    public func contains(_ other: Size) -> Bool {
        width >= other.width && height >= other.height
    }

    /// "140×45" (the multiplication sign, as in the too-small message).
    public var description: String { "\(width)×\(height)" }
}

/// A rectangle of cells: columns `x ..< x + width`, rows `y ..< y + height`.
/// The origin may lie outside a buffer (negative or past its edge); writes are clipped.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// Negative extents are clamped to zero, so a rect is never "inside out".
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(origin: Point = Point(x: 0, y: 0), size: Size) {
        self.init(x: origin.x, y: origin.y, width: size.width, height: size.height)
    }

    public var origin: Point { Point(x: x, y: y) }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var size: Size { Size(width: width, height: height) }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var area: Int { width * height }

    public func contains(x column: Int, y row: Int) -> Bool {
        column >= x && column < maxX && row >= y && row < maxY
    }

    /// The overlap of two rects; an empty rect (at the later origin) when they do not overlap.
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// Shrinks by the given amounts on each side (never below zero size).
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }

    /// Shrinks by `amount` on all four sides.
    public func inset(by amount: Int) -> Rect {
        inset(top: amount, left: amount, bottom: amount, right: amount)
    }

    /// Cuts a slice of `distance` cells off one edge; the remainder is the rest.
    /// The distance is clamped to the rect, so both parts are always valid.
    public func divided(atDistance distance: Int, from edge: Edge) -> (slice: Rect, remainder: Rect) {
        switch edge {
        case .top:
            let cut = min(max(0, distance), height)
            return (Rect(x: x, y: y, width: width, height: cut),
                    Rect(x: x, y: y + cut, width: width, height: height - cut))
        case .bottom:
            let cut = min(max(0, distance), height)
            return (Rect(x: x, y: maxY - cut, width: width, height: cut),
                    Rect(x: x, y: y, width: width, height: height - cut))
        case .left:
            let cut = min(max(0, distance), width)
            return (Rect(x: x, y: y, width: cut, height: height),
                    Rect(x: x + cut, y: y, width: width - cut, height: height))
        case .right:
            let cut = min(max(0, distance), width)
            return (Rect(x: maxX - cut, y: y, width: cut, height: height),
                    Rect(x: x, y: y, width: width - cut, height: height))
        }
    }

    /// A rect of at most `size`, centred in this one (rounding towards the top left).
    public func centered(_ size: Size) -> Rect {
        let width = min(size.width, self.width)
        let height = min(size.height, self.height)
        return Rect(x: x + (self.width - width) / 2, y: y + (self.height - height) / 2, width: width, height: height)
    }

    public var description: String { "(\(x),\(y) \(width)×\(height))" }

    public enum Edge: Sendable {
        case top, bottom, left, right
    }
}

/// A cell position: column `x`, row `y`.
public struct Point: Hashable, Sendable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}
