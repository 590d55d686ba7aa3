import CMosquitto
import Dispatch
import Logging
import Synchronization

/// The shared engine behind `MQTTClient`. The network thread holds a strong reference to it while running, so
/// libmosquitto callbacks (which only fire on that thread) always find it alive; `mosquitto_destroy` runs in deinit.
final class ClientCore: Sendable {
    let settings: MQTTConnectionSettings
    let logger: Logger
    let capacity: Int
    let handle: MosquittoHandle
    let state: Mutex<ClientState>
    /// Interrupts the network thread's back-off sleep when shutting down.
    let wake = DispatchSemaphore(value: 0)
    /// Wakes `disconnect()` when messages are confirmed or the network thread exits.
    let progress = DispatchSemaphore(value: 0)
    /// Interrupts the network thread's poll() after another thread queues a packet in libmosquitto.
    let loopWake = LoopWakePipe()

    init(settings: MQTTConnectionSettings, will: MQTTMessage?, logger: Logger, capacity: Int) {
        if mosquittoLibraryInitResult != MosquittoCode.success {
            logger.error("libmosquitto failed to initialise: \(MosquittoCode.describe(mosquittoLibraryInitResult))")
        }
        guard let raw = mosquitto_new(settings.clientId, true, nil) else {
            // Only fails on out-of-memory or an empty id without clean session; neither is recoverable here.
            fatalError("mosquitto_new failed for client id '\(settings.clientId)'")
        }
        self.settings = settings
        self.logger = logger
        self.capacity = max(1, capacity)
        self.handle = MosquittoHandle(raw: raw)
        self.state = Mutex(ClientState(capacity: max(1, capacity)))
        configure(will: will)
    }

    deinit {
        mosquitto_destroy(handle.raw)
    }

    /// Applies options that must be set before the first connect.
    private func configure(will: MQTTMessage?) {
        let raw = handle.raw
        // Threaded mode: publishes from other threads are queued for our network thread instead of written inline.
        check(mosquitto_threaded_set(raw, true), "mosquitto_threaded_set")
        mosquitto_user_data_set(raw, Unmanaged.passUnretained(self).toOpaque())
        installCallbacks()
        if let username = settings.username {
            check(mosquitto_username_pw_set(raw, username, settings.password), "mosquitto_username_pw_set")
        }
        if let will {
            let rc = will.payload.withUnsafeBytes { bytes in
                mosquitto_will_set(raw, will.topic, Int32(bytes.count), bytes.baseAddress, Int32(will.qos), will.retain)
            }
            check(rc, "mosquitto_will_set(\(will.topic))")
        }
        if settings.useTLS {
            check(mosquitto_tls_set(raw, nil, "/etc/ssl/certs", nil, nil, nil), "mosquitto_tls_set")
            check(mosquitto_tls_insecure_set(raw, false), "mosquitto_tls_insecure_set")
        }
    }

    private func check(_ rc: Int32, _ call: String) {
        if rc != MosquittoCode.success {
            logger.error("\(call) failed: \(MosquittoCode.describe(rc))")
        }
    }

    // MARK: Publishing

    /// Sends now if the session is ready and not backlogged, otherwise queues (evicting the oldest when full).
    func publish(_ message: MQTTMessage) {
        enum Route { case direct, queued, rejected }
        let route = state.withLock { state -> Route in
            if state.stopRequested { return .rejected }
            if state.publishReady {
                if state.inFlight.count < capacity { return .direct }
                // libmosquitto already holds `capacity` unconfirmed messages (slow broker, or a dead link not yet
                // noticed): queue here instead, so its unbounded queue cannot grow; the network thread drains us.
                state.publishReady = false
            }
            if state.pending.append(message) != nil {
                state.droppedTotal += 1
                state.droppedThisOutage += 1
            }
            return .queued
        }
        switch route {
        case .direct:
            if hand(message) == .retryLater {
                requeue([message])
            }
        case .queued:
            break
        case .rejected:
            logger.debug("MQTT client is shutting down; not publishing to \(message.topic)")
        }
    }

    enum HandResult { case accepted, retryLater, rejected }

    /// Passes one message to libmosquitto and tracks its id until libmosquitto confirms it.
    func hand(_ message: MQTTMessage) -> HandResult {
        var mid: Int32 = 0
        let rc = message.payload.withUnsafeBytes { bytes in
            mosquitto_publish(
                handle.raw, &mid, message.topic, Int32(bytes.count), bytes.baseAddress,
                Int32(message.qos), message.retain
            )
        }
        if rc == MosquittoCode.success || (rc == MosquittoCode.noConnection && message.qos > 0) {
            // On NO_CONN a QoS>0 message already sits in libmosquitto's own queue and is resent after reconnect.
            state.withLock { $0.track(mid: mid, qos: message.qos) }
            loopWake.signal()
            return .accepted
        }
        if rc == MosquittoCode.noConnection {
            return .retryLater
        }
        logger.error("Dropping MQTT publish to '\(message.topic)': \(MosquittoCode.describe(rc))")
        return .rejected
    }

    /// Puts messages that could not be sent back at the front of the queue, keeping their order.
    func requeue(_ messages: [MQTTMessage]) {
        state.withLock { state in
            for message in messages.reversed() where state.pending.prepend(message) != nil {
                state.droppedTotal += 1
                state.droppedThisOutage += 1
            }
        }
    }

    // MARK: Subscribing

    /// Registers a stream for `filter` and subscribes right away if the session is up.
    func subscribe(_ filter: String, qos: Int) -> AsyncStream<MQTTMessage> {
        // Unbounded on purpose: a burst must not silently lose commands; consumers are expected to keep iterating.
        let (stream, continuation) = AsyncStream.makeStream(of: MQTTMessage.self, bufferingPolicy: .unbounded)
        let registration = state.withLock { state -> (id: UInt64, sendNow: Bool)? in
            guard !state.stopRequested else { return nil }
            let id = state.nextSubscriptionID
            state.nextSubscriptionID += 1
            state.subscriptions.append(
                Subscription(id: id, filter: filter, qos: qos, continuation: continuation)
            )
            return (id, state.sessionUp)
        }
        guard let registration else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.removeSubscription(id: registration.id)
        }
        if registration.sendNow {
            sendSubscribe(filter, qos: qos)
        }
        return stream
    }

    func sendSubscribe(_ filter: String, qos: Int) {
        let rc = mosquitto_subscribe(handle.raw, nil, filter, Int32(qos))
        loopWake.signal()
        if rc != MosquittoCode.success && rc != MosquittoCode.noConnection {
            logger.error("MQTT subscribe to '\(filter)' failed: \(MosquittoCode.describe(rc))")
        }
    }

    /// Drops a finished stream and unsubscribes when no other stream still uses its filter.
    private func removeSubscription(id: UInt64) {
        let unsubscribe = state.withLock { state -> String? in
            guard let index = state.subscriptions.firstIndex(where: { $0.id == id }) else { return nil }
            let filter = state.subscriptions.remove(at: index).filter
            let stillUsed = state.subscriptions.contains { $0.filter == filter }
            return (!stillUsed && state.sessionUp && !state.stopRequested) ? filter : nil
        }
        if let unsubscribe {
            _ = mosquitto_unsubscribe(handle.raw, nil, unsubscribe)
            loopWake.signal()
        }
    }

    /// Yields an incoming message to every stream whose filter matches it.
    func deliver(_ message: MQTTMessage) {
        let targets = state.withLock { state -> [AsyncStream<MQTTMessage>.Continuation] in
            guard !state.stopRequested else { return [] }
            return state.subscriptions
                .filter { topicMatches(filter: $0.filter, topic: message.topic) }
                .map(\.continuation)
        }
        for continuation in targets {
            continuation.yield(message)
        }
    }

    /// Ends every subscription stream (client stopped).
    func finishStreams() {
        let all = state.withLock { state -> [Subscription] in
            defer { state.subscriptions.removeAll() }
            return state.subscriptions
        }
        for subscription in all {
            subscription.continuation.finish()
        }
    }
}
