// ExpectModelFileError: asserts which ModelFileError case a call throws and what its message says.
import Testing
@testable import ModelFiles

/// Checks that `body` throws the `ModelFileError` case named `caseName` (payload not compared) and that
/// its message contains each of `fragments`.
@discardableResult
func expectModelFileError(_ caseName: String, containing fragments: [String] = [],
                          sourceLocation: SourceLocation = #_sourceLocation,
                          _ body: () throws -> Void) -> ModelFileError? {
    let error = #expect(throws: ModelFileError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return nil }
    let actualCase = Mirror(reflecting: error).children.first?.label
    #expect(actualCase == caseName, "\(error)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    }
    return error
}
