// ColorPairTable: curses colour pairs allocated on demand for (foreground, background) and cached.

/// Hands out curses colour pairs. Pair 0 is the terminal's default colours; others are created
/// the first time a (foreground, background) combination is drawn. When the terminal's pairs
/// run out, a pair with the same foreground is reused (else pair 0), so text stays readable.
struct ColorPairTable {
    /// Colour numbers as curses takes them: -1 for the terminal default.
    struct Key: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// The highest pair number that may be allocated (COLOR_PAIRS - 1).
    let highestPair: Int32
    private var pairs: [Key: Int32] = [:]
    private var nextPair: Int32 = 1
    private let initializePair: (Int32, Key) -> Bool

    /// - Parameter initializePair: creates pair n with the key's colours (`init_extended_pair`); false on failure.
    init(pairCount: Int32, initializePair: @escaping (Int32, Key) -> Bool) {
        highestPair = pairCount - 1
        self.initializePair = initializePair
    }

    /// The pair for a colour combination, allocating it if needed.
    mutating func pair(for key: Key) -> Int32 {
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        if nextPair <= highestPair, initializePair(nextPair, key) {
            pairs[key] = nextPair
            nextPair += 1
            return nextPair - 1
        }
        return pairs.first { $0.key.foreground == key.foreground }?.value ?? 0
    }

    /// Number of pairs allocated so far.
    var allocatedCount: Int { pairs.count }
}
