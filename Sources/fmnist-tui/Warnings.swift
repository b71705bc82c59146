// The one way the commands report a problem that does not stop them: a `warning:` line on stderr.
import Foundation

enum Warnings {
    /// Prints each warning (anything with a description) as its own `warning: …` line on stderr.
    static func print(_ warnings: [some CustomStringConvertible]) {
        for warning in warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
    }
}
