#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One `subscribe` call: its filter and the stream its matching messages are yielded to.
struct Subscription: Sendable {
    let id: UInt64
    let filter: String
    let qos: Int
    let continuation: AsyncStream<MQTTMessage>.Continuation
}

/// Everything about a client that changes over time; only ever touched under `ClientCore.state`'s mutex.
struct ClientState {
    enum Lifecycle {
        /// Created, `start()` not called yet: publishes are queued.
        case idle
        /// Network thread running (connected or retrying).
        case running
        /// `disconnect()` or deinit asked the network thread to finish.
        case stopping
        /// Network thread gone; the client is inert.
        case stopped
    }

    var lifecycle: Lifecycle = .idle
    /// The network thread, so `disconnect()` can tell if it is being called from an `onConnect` handler.
    var networkThread: pthread_t?
    /// Set once shutdown begins; the network thread exits at its next check.
    var stopRequested = false
    /// Whether a DISCONNECT packet was successfully queued (so it is not queued twice).
    var disconnectQueued = false
    /// The network thread should not call user code once this is set.
    var shutdownWaiting = false

    /// The broker accepted our CONNECT and the socket is still up.
    var sessionUp = false
    /// Set by the CONNACK callback; the network thread then re-subscribes, flushes and runs handlers.
    var needsPostConnect = false
    /// Session is up AND the queue has been flushed, so new publishes may go straight to libmosquitto.
    /// Also cleared while connected when too many messages are unconfirmed (backlog), to keep order and memory.
    var publishReady = false

    /// Messages published while not `publishReady`, sent in order once connected and not backlogged.
    var pending: BoundedFIFO<MQTTMessage>
    var droppedTotal = 0
    var droppedThisOutage = 0
    /// Whether the current outage was already announced with a warning.
    var outageReported = false
    /// Whether the current connection attempt's failure was already logged (callbacks and loop both see it).
    var attemptProblemReported = false
    /// libmosquitto's last error-level log line in this attempt (e.g. the OpenSSL reason behind a TLS error).
    var attemptLibraryError: String?
    var hasConnectedBefore = false

    /// Message ids handed to libmosquitto and not yet confirmed by its publish callback, with their QoS.
    var inFlight: [Int32: Int] = [:]
    /// Ids whose publish callback beat `mosquitto_publish` returning the id to us.
    var confirmedEarly: Set<Int32> = []

    var subscriptions: [Subscription] = []
    var nextSubscriptionID: UInt64 = 0
    var connectHandlers: [@Sendable () -> Void] = []

    init(capacity: Int) {
        pending = BoundedFIFO(capacity: capacity)
    }

    /// Filters to (re)subscribe after a connect, one entry per filter with the highest QoS asked for.
    var subscribedFilters: [(filter: String, qos: Int)] {
        var result: [(filter: String, qos: Int)] = []
        for subscription in subscriptions {
            if let index = result.firstIndex(where: { $0.filter == subscription.filter }) {
                result[index].qos = max(result[index].qos, subscription.qos)
            } else {
                result.append((subscription.filter, subscription.qos))
            }
        }
        return result
    }

    /// Records a message id handed to libmosquitto (unless its confirmation already arrived).
    mutating func track(mid: Int32, qos: Int) {
        if confirmedEarly.remove(mid) == nil {
            inFlight[mid] = qos
        }
    }

    /// Records libmosquitto's confirmation (sent for QoS 0, PUBACK for 1, PUBCOMP for 2).
    mutating func confirm(mid: Int32) {
        if inFlight.removeValue(forKey: mid) == nil {
            if confirmedEarly.count > 1024 {
                confirmedEarly.removeAll()  // only stale ids can pile up here; never let them grow
            }
            confirmedEarly.insert(mid)
        }
    }

    /// Marks the session down; QoS 0 packets still in libmosquitto's socket queue are discarded on reconnect.
    mutating func markSessionDown() {
        sessionUp = false
        publishReady = false
        inFlight = inFlight.filter { $0.value > 0 }
    }

    /// Whether nothing we were asked to publish is still waiting to be sent or acknowledged.
    var isDrained: Bool {
        pending.isEmpty && inFlight.isEmpty
    }
}
