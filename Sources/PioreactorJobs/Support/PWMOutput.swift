import Foundation
import PioreactorCore
import PioreactorHardware

/// A locked PWM channel: `pwm_locks` guards the GPIO pin across processes and `pwm_dc`
/// records the applied duty cycle (storage.md §3), while the hardware gets the command.
public struct PWMOutput: Sendable {
    public let channel: String
    public let pin: Int64
    let hardware: any Hardware
    let locks: KeyValueCache
    let dutyCycles: KeyValueCache
    let heater: Bool
    let lockId: String
    let bus: UnitBus

    public init(channel: String, context: JobContext) {
        self.channel = channel
        pin = SimulatorFactory.pwmToPin[channel] ?? Int64(channel) ?? 0
        hardware = context.hardware
        locks = context.intermittent.cache("pwm_locks")
        dutyCycles = context.intermittent.cache("pwm_dc")
        heater = channel == SimulatorFactory.heaterChannel
        lockId = "\(getpid()):\(DispatchTime.now().uptimeNanoseconds)"
        bus = context.bus
    }

    /// Takes the pin lock; false when another process holds it (its owner is alive).
    public func lock() async throws -> Bool {
        if try await locks.setIfAbsent(.int(pin), .text(lockId)) { return true }
        // A lock left by a dead process is stale; reclaim it.
        if let holder = try await locks.get(.int(pin))?.textValue, let pid = Int32(holder.split(separator: ":").first ?? ""),
           pid > 0, kill(pid, 0) != 0, errno == ESRCH {
            try await locks.set(.int(pin), .text(lockId))
            return true
        }
        return false
    }

    /// Applies a duty cycle (%), rounded to 5 decimals like the reference.
    public func set(dutyCycle: Double) async throws {
        let dc = (min(max(dutyCycle, 0), 100) * 100_000).rounded() / 100_000
        if heater { try hardware.setHeater(dutyCycle: dc) }
        try hardware.setPWM(channel: channel, dutyCycle: dc)
        if dc > 0 {
            try await dutyCycles.set(.int(pin), .real(dc))
        } else {
            try await dutyCycles.delete(.int(pin))
        }
        try await publishDutyCycles()
    }

    /// `pwms/dc` (retained): every pin of this unit with a duty cycle above 0, from `pwm_dc`.
    func publishDutyCycles() async throws {
        var pins: [String] = []
        for entry in try await dutyCycles.entries() {
            guard let dc = try? entry.value.floatValue(), dc > 0 else { continue }
            pins.append("\(JSONValue.string(entry.key.description).encoded()): \(JSONValue.pythonFloatRepr(dc))")
        }
        // Python's json.dumps with its default separators, as the reference sends it.
        bus.publish("pwms/dc", "{" + pins.joined(separator: ", ") + "}", qos: 0, retain: true)
    }

    /// Turns the channel off and releases the lock if we hold it.
    public func release() async {
        try? await set(dutyCycle: 0)
        if let holder = try? await locks.get(.int(pin))?.textValue, holder == lockId {
            _ = try? await locks.pop(.int(pin))
        }
    }
}
