// ThemeCatalog: the themes in a directory (`themes/*.theme`), listed in a stable order and loaded by name.

import Foundation

/// Problems finding or reading a theme by name.
public enum ThemeCatalogError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownTheme(name: String, available: [String])
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownTheme(let name, let available):
            "no theme named '\(name)'; available: \(available.joined(separator: ", "))"
        case .unreadable(let path, let reason):
            "cannot read theme file \(path): \(reason)"
        }
    }
}

/// The `.theme` files of one directory. The built-in dark theme is always available, even
/// without a file, and is listed first; the others follow in alphabetical order.
public struct ThemeCatalog: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Theme names: "dark" first, then the other files' names sorted.
    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let fileNames = files.filter { $0.hasSuffix(".theme") }.map { String($0.dropLast(".theme".count)) }
        let others = Set(fileNames).subtracting([Theme.default.name]).sorted()
        return [Theme.default.name] + others
    }

    /// The path a theme of this name would have.
    public func path(ofTheme name: String) -> String {
        (directory as NSString).appendingPathComponent(name + ".theme")
    }

    /// Loads a theme by name. "dark" without a file is the built-in default.
    /// - Throws: `ThemeCatalogError` (unknown name, unreadable file) or `ThemeFileError` (a broken line).
    public func load(named name: String) throws -> LoadedTheme {
        let path = path(ofTheme: name)
        guard FileManager.default.fileExists(atPath: path) else {
            if name == Theme.default.name { return LoadedTheme(theme: .default, warnings: []) }
            throw ThemeCatalogError.unknownTheme(name: name, available: names())
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeCatalogError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try Theme.parse(text, name: name, file: path)
    }

    /// The theme after `name` in `names()`, wrapping around (for the "next theme" key).
    public func name(after name: String) -> String {
        let all = names()
        guard let index = all.firstIndex(of: name) else { return all[0] }
        return all[(index + 1) % all.count]
    }
}
