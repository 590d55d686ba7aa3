import CMosquitto

/// Result of the process-wide `mosquitto_lib_init`; Swift initializes globals lazily and exactly once, thread-safely.
let mosquittoLibraryInitResult: Int32 = mosquitto_lib_init()

/// libmosquitto result codes as plain `Int32`, the type its functions return.
enum MosquittoCode {
    static let success = Int32(MOSQ_ERR_SUCCESS.rawValue)
    static let noConnection = Int32(MOSQ_ERR_NO_CONN.rawValue)

    /// Human-readable text for a libmosquitto result code (errno-based codes include the OS reason).
    static func describe(_ code: Int32) -> String {
        String(cString: mosquitto_strerror(code))
    }

    /// Human-readable text for a CONNACK return code (e.g. 5 = not authorised).
    static func describeConnack(_ code: Int32) -> String {
        String(cString: mosquitto_connack_string(code))
    }
}

/// The `struct mosquitto *` of one client.
///
/// `@unchecked Sendable` is justified: the handle is put in threaded mode (`mosquitto_threaded_set`), in which
/// libmosquitto guards publish/subscribe/unsubscribe/disconnect with its own mutexes so they may be called from any
/// thread; every other call is made only by the owning network thread, or before it starts / after it has ended.
struct MosquittoHandle: @unchecked Sendable {
    let raw: OpaquePointer
}
