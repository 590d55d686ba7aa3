import CMosquitto
import Dispatch
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ClientCore {
    /// Clean stop: wait (bounded) for queued and unacknowledged messages, send DISCONNECT, end the thread.
    func shutdown(timeout: Duration) {
        enum Plan { case neverStarted, alreadyStopping, stop(onNetworkThread: Bool) }
        let plan = state.withLock { state -> Plan in
            switch state.lifecycle {
            case .idle:
                state.lifecycle = .stopped
                state.stopRequested = true
                return .neverStarted
            case .stopping, .stopped:
                return .alreadyStopping
            case .running:
                let onNetworkThread = state.networkThread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
                state.shutdownWaiting = true
                return .stop(onNetworkThread: onNetworkThread)
            }
        }
        let onNetworkThread: Bool
        switch plan {
        case .neverStarted:
            let queued = state.withLock { $0.pending.count }
            if queued > 0 {
                logger.warning("MQTT client disconnected before start(); \(queued) queued messages discarded")
            }
            finishStreams()
            return
        case .alreadyStopping:
            return
        case .stop(let flag):
            onNetworkThread = flag
        }

        let clock = ContinuousClock()
        // Connected: wait for the broker's acknowledgements. Never connected yet: give a broker that
        // is there a moment to accept us (short-lived commands). In an outage nothing can drain, and
        // a job stopping must not hang on a dead broker.
        let wait = state.withLock { state -> Duration in
            if state.sessionUp { return timeout }
            return state.hasConnectedBefore ? .zero : min(timeout, .milliseconds(500))
        }
        let deadline = clock.now + wait
        // From an onConnect handler the network thread is blocked in us, so nothing could drain: skip the wait.
        if !onNetworkThread {
            waitUntil(deadline) { $0.isDrained }
        }
        let leftover = state.withLock { state -> Int in
            state.stopRequested = true
            state.lifecycle = .stopping
            return state.pending.count + state.inFlight.count
        }
        if leftover > 0 {
            logger.warning("MQTT disconnect: \(leftover) messages were not confirmed by the broker within \(wait)")
        }
        queueDisconnect()
        wake.signal()
        if !onNetworkThread {
            // The thread needs at most one loop turn to write DISCONNECT; allow a little more than its own 1 s cap.
            waitUntil(clock.now + .seconds(2)) { $0.lifecycle == .stopped }
        }
        finishStreams()
    }

    /// Deinit path: ask the network thread to disconnect and exit, without blocking.
    func stopWithoutWaiting() {
        let running = state.withLock { state -> Bool in
            state.stopRequested = true
            guard state.lifecycle == .running else { return false }
            state.lifecycle = .stopping
            return true
        }
        if running {
            queueDisconnect()
            wake.signal()  // the network thread finishes the streams on its way out
        } else {
            finishStreams()
        }
    }

    /// Blocks until `condition` holds or `deadline` passes, woken early by `progress` signals.
    private func waitUntil(_ deadline: ContinuousClock.Instant, _ condition: (borrowing ClientState) -> Bool) {
        while !state.withLock({ condition($0) }) {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return }
            // Short slices guard against a signal that raced with the check above.
            _ = progress.wait(timeout: .now() + min(remaining, .milliseconds(50)).dispatchInterval)
        }
    }
}
