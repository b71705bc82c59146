// `fmnist-tui themes`: the colour themes the dashboard can use, where they were found, and whether each loads.
import ArgumentParser
import Foundation
import Reports
import TerminalUI

struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes", abstract: "List the dashboard's colour themes and the folder they come from.",
        discussion: "Themes are looked for in $FMNIST_THEMES, ./themes, the installed share/fmnist-tui/themes beside "
            + "the binary, then the source tree's themes/. Each is loaded, so a broken file shows its error.")

    func run() throws {
        let (folder, reason) = ThemesFolder.locate()
        print("themes folder: \(folder) (\(reason))")
        let catalog = ThemeCatalog(directory: folder)
        var table = TextTable([("theme", .left), ("file", .left), ("state", .left)])
        var broken = 0
        for name in catalog.names() {
            let path = catalog.path(ofTheme: name)
            let file = FileManager.default.fileExists(atPath: path) ? path : "(built in)"
            do {
                let loaded = try catalog.load(named: name)
                table.append([name, file, loaded.warnings.isEmpty ? "ok" : "loads with \(loaded.warnings.count) warnings"])
            } catch {
                broken += 1
                table.append([name, file, "broken: \(error)"])
            }
        }
        for line in table.lines(indent: "  ") { print(line) }
        if broken > 0 { throw ExitCode.failure }
    }
}
