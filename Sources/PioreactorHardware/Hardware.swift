/// The actuators and sensors a job drives. A real HAT and the simulator both implement it;
/// channels are the HAT's PWM channel names ("1"…"5") and photodiode channels ("1"…"4").
public protocol Hardware: Sendable {
    /// Sets a PWM channel's duty cycle in % (0 turns it off).
    func setPWM(channel: String, dutyCycle: Double) throws
    /// Current duty cycle of a PWM channel in % (0 when never set).
    func pwmDutyCycle(channel: String) throws -> Double
    /// Sets the IR LED intensity in % (0 turns it off).
    func setIRLED(intensity: Double) throws
    /// Reads the photodiode voltages (V) of the given channels, keyed by channel.
    func readPhotodiodes(channels: [String]) throws -> [String: Double]
    /// Sets the heater duty cycle in % (the HAT's heater PWM).
    func setHeater(dutyCycle: Double) throws
    /// The heater-PCB temperature sensor, ℃.
    func readHeaterPCBTemperature() throws -> Double
    /// The liquid temperature a temperature inference would estimate, ℃.
    func readLiquidTemperature() throws -> Double
    /// Moves liquid with a pump that ran for `seconds` at `mlPerSecond` true flow.
    func runPump(_ pump: PumpRole, seconds: Double, mlPerSecond: Double) throws
    /// The stirrer tachometer's RPM over a measurement window.
    func measureRPM() throws -> Double
    /// Sets an LED channel's (`A`…`D`) intensity in % on the LED driver (0 turns it off).
    func setLED(channel: String, intensity: Double) throws
    /// Current intensity of an LED channel in % (0 when never set).
    func ledIntensity(channel: String) throws -> Double
    /// The PWM power rail's voltage (V), what the HAT's aux ADC reads.
    func readPWMRailVoltage() throws -> Double
}

/// Which liquid a pump moves.
public enum PumpRole: String, Sendable, Codable, CaseIterable {
    case media
    case altMedia = "alt_media"
    case waste
}

/// What a PWM channel drives (from config `[PWM]`), so the simulator knows the physics behind it.
public enum ActuatorRole: String, Sendable, Codable {
    case stirring, media, altMedia = "alt_media", waste, heating, other
}
