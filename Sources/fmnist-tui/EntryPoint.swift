// Where the program starts: it learns the name it was started by, then hands over to the root command.
import Foundation
import ProgramInfo

@main
enum EntryPoint {
    static func main() async {
        CommandName.adopt(invokedAs: CommandLine.arguments.first ?? CommandName.installed,
                          searchPath: ProcessInfo.processInfo.environment["PATH"])
        await FmnistTUI.main()
    }
}
