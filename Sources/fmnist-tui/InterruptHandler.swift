// Turns SIGINT and SIGTERM into a graceful stop request while a headless command runs.
import Dispatch
import Foundation

final class InterruptHandler: @unchecked Sendable {
    private var sources = [DispatchSourceSignal]()

    init(onInterrupt: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: onInterrupt)
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
