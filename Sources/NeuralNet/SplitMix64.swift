// Seeded randomness: SplitMix64 as a stream, and as a stateless hash for counter-based draws.
import Foundation

/// A small, fast, seedable generator (Steele, Lea & Flood 2014). Same seed → same sequence.
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Equatable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective scramble of 64 bits.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 24 bits of precision.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Standard normal by Box–Muller (one value per call; the partner is dropped for simplicity).
    public mutating func nextNormal() -> Double {
        let u1 = Double(next() >> 11) * 0x1p-53
        let u2 = Double(next() >> 11) * 0x1p-53
        return (-2 * Foundation.log(max(u1, .leastNonzeroMagnitude))).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A child generator for an independent purpose (init, shuffling, dropout, …).
    public mutating func fork() -> SplitMix64 { SplitMix64(seed: next()) }
}
