import Dispatch
import Foundation

/// SIGTERM, SIGINT and SIGHUP delivered as a stream instead of killing the process.
/// Unchecked: the sources are immutable after init and DispatchSource is thread-safe.
final class SignalTrap: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    let signals: AsyncStream<Int32>

    init(_ numbers: [Int32] = [SIGTERM, SIGINT, SIGHUP]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        signals = stream
        sources = numbers.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
