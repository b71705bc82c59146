// Turns SIGINT, SIGTERM and SIGHUP (a closed ssh connection) into a graceful stop request while a headless command runs.
import Dispatch
import Foundation

final class InterruptHandler: @unchecked Sendable {
    private static let signals = [SIGINT, SIGTERM, SIGHUP]
    private var sources = [DispatchSourceSignal]()

    init(onInterrupt: @escaping @Sendable () -> Void) {
        for signalNumber in Self.signals {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: onInterrupt)
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        for signalNumber in Self.signals { signal(signalNumber, SIG_DFL) }
    }
}
