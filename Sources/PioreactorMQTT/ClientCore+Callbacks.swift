import CMosquitto
import Logging

/// libmosquitto's C callbacks. They fire only inside `loopOnce`'s libmosquitto calls on the network thread, which keeps
/// the core alive, so the unretained user-data pointer is always valid when they run.
extension ClientCore {
    private static func core(_ userdata: UnsafeMutableRawPointer?) -> ClientCore? {
        userdata.map { Unmanaged<ClientCore>.fromOpaque($0).takeUnretainedValue() }
    }

    func installCallbacks() {
        let raw = handle.raw
        mosquitto_connect_callback_set(raw) { _, userdata, code in
            ClientCore.core(userdata)?.handleConnack(code)
        }
        mosquitto_disconnect_callback_set(raw) { _, userdata, code in
            ClientCore.core(userdata)?.handleDisconnect(code)
        }
        mosquitto_publish_callback_set(raw) { _, userdata, mid in
            ClientCore.core(userdata)?.handlePublished(mid: mid)
        }
        mosquitto_log_callback_set(raw) { _, userdata, level, text in
            guard let core = ClientCore.core(userdata), let text else { return }
            core.handleLibraryLog(level: level, String(cString: text))
        }
        mosquitto_message_callback_set(raw) { _, userdata, message in
            guard let core = ClientCore.core(userdata), let message else { return }
            core.handleIncoming(message.pointee)
        }
    }

    /// CONNACK arrived: 0 means accepted, anything else is a refusal (bad credentials, bad id, ...).
    private func handleConnack(_ code: Int32) {
        guard code == 0 else {
            connectionProblem("broker refused the connection: \(MosquittoCode.describeConnack(code))")
            return
        }
        let (wasOutage, reconnect) = state.withLock { state in
            state.sessionUp = true
            state.needsPostConnect = true
            state.attemptProblemReported = false
            state.attemptLibraryError = nil
            defer {
                state.outageReported = false
                state.hasConnectedBefore = true
            }
            return (state.outageReported, state.hasConnectedBefore)
        }
        // A drop count, if any, is logged once the offline queue has been flushed (see flushPending).
        let broker = "\(settings.host):\(settings.port)"
        if wasOutage || reconnect {
            logger.notice("Connected to MQTT broker \(broker) again")
        } else {
            logger.info("Connected to MQTT broker \(broker)")
        }
    }

    private func handleDisconnect(_ code: Int32) {
        let stopping = state.withLock { state in
            state.markSessionDown()
            return state.stopRequested
        }
        if code != 0 && !stopping {
            connectionProblem("connection lost: \(MosquittoCode.describe(code))")
        }
    }

    private func handlePublished(mid: Int32) {
        let notify = state.withLock { state in
            state.confirm(mid: mid)
            return state.shutdownWaiting
        }
        if notify { progress.signal() }
    }

    private func handleIncoming(_ raw: mosquitto_message) {
        let topic = raw.topic.map { String(cString: $0) } ?? ""
        var payload: [UInt8] = []
        if let bytes = raw.payload, raw.payloadlen > 0 {
            payload = Array(UnsafeRawBufferPointer(start: bytes, count: Int(raw.payloadlen)))
        }
        deliver(MQTTMessage(topic: topic, payload: payload, qos: Int(raw.qos), retain: raw.retain))
    }

    private func handleLibraryLog(level: Int32, _ text: String) {
        logger.trace("libmosquitto: \(text)")
        if level & Int32(MOSQ_LOG_ERR) != 0 {
            state.withLock { $0.attemptLibraryError = text }
        }
    }

    /// Logs a failed connect or a lost connection: one warning per outage, debug for every later retry,
    /// and nothing more for an attempt whose failure was already logged.
    func connectionProblem(_ reason: String) {
        let (firstOfOutage, detail) = state.withLock { state -> (Bool?, String?) in
            if state.stopRequested || state.attemptProblemReported { return (nil, nil) }
            state.attemptProblemReported = true
            defer { state.outageReported = true }
            return (!state.outageReported, state.attemptLibraryError)
        }
        let reason = detail.map { "\(reason): \($0)" } ?? reason
        switch firstOfOutage {
        case true?:
            logger.warning(
                "MQTT broker \(settings.host):\(settings.port) unavailable (\(reason)); retrying in the background and queueing up to \(capacity) messages"
            )
        case false?:
            logger.debug("MQTT broker still unavailable: \(reason)")
        case nil:
            break
        }
    }
}
