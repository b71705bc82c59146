// What one flag of a sweep takes: a list of values ("1e-3,3e-4") or a distribution to draw from
// ("uniform:A:B", "loguniform:A:B", "int:A:B"), parsed from the flag's text, and drawn reproducibly.
import Foundation
import NeuralNet

public enum SweepValues: Sendable, Equatable {
    /// Values as `train` reads them, in the order given.
    case list([String])
    case uniform(Double, Double)
    case logUniform(Double, Double)
    /// Whole numbers from A to B, both included.
    case integers(Int, Int)

    /// Parses the text given to `flag`.
    /// - Throws: `SweepError.badValues` naming the flag, for an empty or repeated list entry, a malformed
    ///   or reversed distribution, or a distribution the flag cannot take.
    public init(_ text: String, flag: SweepFlag) throws(SweepError) {
        func fail(_ reason: String) -> SweepError { .badValues(flag: flag.spelled, text: text, reason: reason) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let distributions = ["uniform", "loguniform", "int"]
        if parts.count > 1, distributions.contains(parts[0]) {
            guard parts.count == 3 else { throw fail("a distribution is \(parts[0]):A:B, e.g. \(parts[0]):\(Self.example(parts[0]))") }
            if parts[0] == "int" {
                guard flag.kind != .choice else { throw fail("\(flag.spelled) takes a list of values, not a distribution") }
                guard let low = Int(parts[1]), let high = Int(parts[2]) else { throw fail("int:A:B needs whole numbers A and B") }
                guard low <= high else { throw fail("A must not be above B") }
                self = .integers(low, high)
                return
            }
            guard flag.kind == .real else {
                throw fail(flag.kind == .integer ? "\(flag.spelled) takes whole numbers: a list or int:A:B"
                                                 : "\(flag.spelled) takes a list of values, not a distribution")
            }
            guard let low = Double(parts[1]), let high = Double(parts[2]), low.isFinite, high.isFinite else {
                throw fail("\(parts[0]):A:B needs numbers A and B")
            }
            guard low < high else { throw fail("A must be below B") }
            if parts[0] == "loguniform" {
                guard low > 0 else { throw fail("loguniform needs A > 0") }
                self = .logUniform(low, high)
            } else {
                self = .uniform(low, high)
            }
            return
        }
        let values = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if values.contains("") {
            throw fail(values.count == 1 ? "no value given" : "an empty entry in the list (values are separated by single commas)")
        }
        if let repeated = values.first(where: { value in values.filter { $0 == value }.count > 1 }) {
            throw fail("\(repeated) is listed twice")
        }
        self = .list(values)
    }

    private static func example(_ name: String) -> String {
        switch name {
        case "int": return "16:256"
        case "loguniform": return "1e-4:1e-2"
        default: return "0:0.1"
        }
    }

    public var isDistribution: Bool {
        if case .list = self { return false }
        return true
    }

    /// The values a grid takes; nil for a distribution, which only --random can draw from.
    public var listed: [String]? {
        if case .list(let values) = self { return values }
        return nil
    }

    /// The ends of a distribution, as text `train` reads, so they can be checked before anything is drawn.
    public var bounds: [String] {
        switch self {
        case .list(let values): return values
        case .uniform(let low, let high), .logUniform(let low, let high): return [Self.text(low), Self.text(high)]
        case .integers(let low, let high): return [String(low), String(high)]
        }
    }

    /// One value, drawn with `rng`: a list's entries equally likely, reals to 6 significant digits.
    public func draw(using rng: inout SplitMix64) -> String {
        switch self {
        case .list(let values):
            return values[Int(rng.next() % UInt64(values.count))]
        case .uniform(let low, let high):
            return Self.text(min(high, max(low, low + (high - low) * Self.unit(&rng))))
        case .logUniform(let low, let high):
            return Self.text(min(high, max(low, exp(log(low) + (log(high) - log(low)) * Self.unit(&rng)))))
        case .integers(let low, let high):
            let span = UInt64(high - low) + 1
            return String(low + Int(rng.next() % span))
        }
    }

    /// A uniform number in [0, 1) from the top 53 bits.
    private static func unit(_ rng: inout SplitMix64) -> Double {
        Double(rng.next() >> 11) * 0x1p-53
    }

    /// A real as text with 6 significant digits ("0.000316228"), which `train` reads back as that number.
    static func text(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}
