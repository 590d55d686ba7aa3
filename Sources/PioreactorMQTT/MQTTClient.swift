import Logging

/// An MQTT client on libmosquitto that survives broker outages: it connects and reconnects in the background,
/// queues publishes (bounded) while offline, and restores subscriptions after every reconnect.
public final class MQTTClient: Sendable {
    private let core: ClientCore

    /// Creates a stopped client; the will (if any) is registered now so it is part of every CONNECT.
    public init(settings: MQTTConnectionSettings, will: MQTTMessage?, logger: Logger, maxQueuedMessages: Int = 1000) {
        core = ClientCore(settings: settings, will: will, logger: logger, capacity: maxQueuedMessages)
    }

    deinit {
        core.stopWithoutWaiting()
    }

    /// Starts the network thread and connects in the background; never blocks the caller for the broker.
    /// Retries forever with back-off (0.5 s doubling to 30 s) while the broker is down.
    public func start() {
        core.start()
    }

    /// Adds a handler run on the client's thread after every successful (re)connect, once subscriptions are
    /// restored and offline messages are sent; republish state from here. Register before `start()`.
    public func onConnect(_ handler: @escaping @Sendable () -> Void) {
        core.state.withLock { $0.connectHandlers.append(handler) }
    }

    /// Whether the broker has accepted our connection and it is still up.
    public var isConnected: Bool {
        core.state.withLock { $0.sessionUp }
    }

    /// Never blocks. Connected: handed to libmosquitto. Offline: kept in a bounded FIFO (oldest dropped when
    /// full) and sent in order after the next connect.
    public func publish(_ topic: String, _ payload: [UInt8], qos: Int, retain: Bool) {
        core.publish(MQTTMessage(topic: topic, payload: payload, qos: qos, retain: retain))
    }

    /// Publishes `text` as UTF-8; same queueing rules as the byte variant.
    public func publish(_ topic: String, _ text: String, qos: Int, retain: Bool) {
        core.publish(MQTTMessage(topic: topic, text: text, qos: qos, retain: retain))
    }

    /// Subscribes now (if connected) and again after every reconnect; messages matching the filter (`+`/`#`
    /// wildcards) arrive on the returned stream, buffered until read. Ending the stream's iteration unsubscribes.
    public func subscribe(_ filter: String, qos: Int) -> AsyncStream<MQTTMessage> {
        core.subscribe(filter, qos: qos)
    }

    /// Clean shutdown: waits up to `timeout` for queued and unacknowledged publishes, sends DISCONNECT (so the
    /// broker does not publish the will), stops the thread and finishes all subscription streams.
    public func disconnect(timeout: Duration = .seconds(2)) {
        core.shutdown(timeout: timeout)
    }

    /// Waits up to `timeout` for a connection; returns whether the client is connected.
    public func waitUntilConnected(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !isConnected {
            if ContinuousClock.now >= deadline || core.state.withLock({ $0.stopRequested }) {
                return false
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Total messages evicted from the offline queue because it was full.
    public var droppedMessageCount: Int {
        core.state.withLock { $0.droppedTotal }
    }

    /// Messages currently waiting in the offline queue (never more than `maxQueuedMessages`).
    public var queuedMessageCount: Int {
        core.state.withLock { $0.pending.count }
    }
}
