import CMosquitto
import Dispatch
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The network thread: connects, services the socket, and retries with back-off until told to stop.
/// We run our own loop instead of `mosquitto_loop_start` because libmosquitto's loop thread gives up for good on
/// some errors (DNS failure, TLS errors, protocol errors) and only supports whole-second back-off.
extension ClientCore {
    /// Spawns the network thread once; later calls do nothing.
    func start() {
        let shouldStart = state.withLock { state -> Bool in
            guard state.lifecycle == .idle else { return false }
            state.lifecycle = .running
            return true
        }
        guard shouldStart else { return }
        let thread = Thread { [self] in
            runNetworkLoop()
        }
        thread.name = "mqtt-\(settings.clientId)"
        thread.start()
    }

    /// libmosquitto rejects keep-alives between 1 and 4 s (0 disables them), so round those up.
    private var keepalive: Int32 {
        settings.keepaliveSeconds <= 0 ? 0 : Int32(clamping: max(5, settings.keepaliveSeconds))
    }

    private var isStopRequested: Bool {
        state.withLock { $0.stopRequested }
    }

    private func runNetworkLoop() {
        state.withLock { $0.networkThread = pthread_self() }
        var backoff = ReconnectBackoff()
        while !isStopRequested {
            state.withLock { state in
                state.attemptProblemReported = false
                state.attemptLibraryError = nil
            }
            // Resolves the host (blocking, but only this thread) and starts a non-blocking TCP connect.
            let rc = mosquitto_connect_async(handle.raw, settings.host, Int32(settings.port), keepalive)
            if rc == MosquittoCode.success {
                serviceConnection(&backoff)
            } else {
                connectionProblem(MosquittoCode.describe(rc))
            }
            if isStopRequested { break }
            _ = wake.wait(timeout: .now() + backoff.next().dispatchInterval)
        }
        finishNetworkLoop()
    }

    /// Runs `loopOnce` until the connection ends (or, when stopping, until DISCONNECT is flushed).
    private func serviceConnection(_ backoff: inout ReconnectBackoff) {
        var stopDeadline: ContinuousClock.Instant?
        while true {
            let rc = loopOnce()
            let (postConnect, backlogged) = state.withLock { state in
                defer { state.needsPostConnect = false }
                return (state.needsPostConnect, state.sessionUp && !state.publishReady)
            }
            if postConnect {
                backoff.reset()
                runPostConnect()
            } else if backlogged {
                flushPending()
            }
            if isStopRequested {
                if stopDeadline == nil {
                    stopDeadline = .now + .seconds(1)
                    queueDisconnect()
                }
                if rc != MosquittoCode.success || ContinuousClock.now >= stopDeadline! {
                    return
                }
            } else if rc != MosquittoCode.success {
                state.withLock { $0.markSessionDown() }
                connectionProblem(MosquittoCode.describe(rc))
                return
            }
        }
    }

    /// One turn of `mosquitto_loop(handle, 1000, 1)`, but waiting in poll(2) instead of select(2).
    /// Why: mosquitto_loop refuses with MOSQ_ERR_INVAL whenever the socket libmosquitto just opened has a number
    /// >= FD_SETSIZE (1024), which happens as soon as the process holds ~1000 other descriptors (our fd limit is far
    /// higher); the client then failed every attempt with "Invalid function arguments provided" and never connected.
    /// poll has no such limit. libmosquitto's own wake-up socket pair is private, so other threads wake us through
    /// `loopWake` after queueing a packet; keep-alive is checked every turn (at most 1 s apart, like mosquitto_loop).
    private func loopOnce() -> Int32 {
        let raw = handle.raw
        let socket = mosquitto_socket(raw)
        guard socket >= 0 else { return MosquittoCode.noConnection }
        var fds = [
            pollfd(fd: socket, events: Int16(POLLIN) | (mosquitto_want_write(raw) ? Int16(POLLOUT) : 0), revents: 0),
            pollfd(fd: loopWake.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        if poll(&fds, nfds_t(fds.count), 1000) < 0 {
            return errno == EINTR ? MosquittoCode.success : Int32(MOSQ_ERR_ERRNO.rawValue)
        }
        let woken = fds[1].revents != 0
        if woken {
            loopWake.drain()
        }
        if fds[0].revents != 0 {
            // Also on POLLOUT/POLLERR alone: it reports connect errors, and only loop_read advances a TLS handshake.
            let rc = mosquitto_loop_read(raw, 1)
            if rc != MosquittoCode.success || mosquitto_socket(raw) < 0 { return rc }
        }
        if woken || fds[0].revents & Int16(POLLOUT) != 0 {
            let rc = mosquitto_loop_write(raw, 1)
            if rc != MosquittoCode.success || mosquitto_socket(raw) < 0 { return rc }
        }
        return mosquitto_loop_misc(raw)
    }

    /// After CONNACK: re-subscribe, send what was queued offline (in order), then run the user's handlers.
    private func runPostConnect() {
        let filters = state.withLock { $0.subscribedFilters }
        for (filter, qos) in filters {
            sendSubscribe(filter, qos: qos)
        }
        flushPending()
        let handlers = state.withLock { state in
            state.stopRequested || !state.sessionUp ? [] : state.connectHandlers
        }
        for handler in handlers {
            handler()
        }
    }

    /// Hands queued messages to libmosquitto in order, never letting more than `capacity` be unconfirmed there;
    /// opens direct publishing once the queue is empty. Called after connecting and whenever backlogged.
    private func flushPending() {
        while true {
            let (batch, dropped) = state.withLock { state -> ([MQTTMessage], Int) in
                guard state.sessionUp else { return ([], 0) }
                if state.pending.isEmpty {
                    state.publishReady = true
                    defer { state.droppedThisOutage = 0 }
                    return ([], state.droppedThisOutage)
                }
                let room = max(0, capacity - state.inFlight.count)
                return (state.pending.popFirst(upTo: min(64, room)), 0)
            }
            if dropped > 0 {
                logger.warning(
                    "MQTT offline queue overflowed: dropped the \(dropped) oldest messages (limit \(capacity)) while the broker was unreachable or slow"
                )
            }
            if batch.isEmpty { break }
            for index in batch.indices {
                if hand(batch[index]) == .retryLater {
                    // Connection dropped mid-flush: keep this and the rest queued for the next connect.
                    requeue(Array(batch[index...]))
                    state.withLock { $0.markSessionDown() }
                    return
                }
            }
            signalProgressIfWaiting()
        }
    }

    /// Queues a DISCONNECT (once) so the broker closes the session cleanly and discards our will.
    func queueDisconnect() {
        let alreadyQueued = state.withLock { $0.disconnectQueued }
        guard !alreadyQueued else { return }
        if mosquitto_disconnect(handle.raw) == MosquittoCode.success {
            state.withLock { $0.disconnectQueued = true }
            loopWake.signal()
        }
    }

    func signalProgressIfWaiting() {
        if state.withLock({ $0.shutdownWaiting }) {
            progress.signal()
        }
    }

    private func finishNetworkLoop() {
        state.withLock { state in
            state.markSessionDown()
            state.lifecycle = .stopped
            state.networkThread = nil
        }
        finishStreams()
        progress.signal()
        logger.debug("MQTT network thread for \(settings.clientId) stopped")
    }
}

/// A non-blocking pipe that interrupts the network thread's poll() (see `loopOnce`).
final class LoopWakePipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        }
        // If pipe() failed (no descriptors left), poll ignores fd -1 and the loop still turns every second.
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        if readEnd >= 0 { close(readEnd) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    /// Wakes the poll; a full pipe (EAGAIN) already means a wake-up is pending.
    func signal() {
        var byte: UInt8 = 0
        _ = write(writeEnd, &byte, 1)
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }
}

extension Duration {
    /// This duration for Dispatch timeouts (millisecond precision is plenty here).
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        return .milliseconds(Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
