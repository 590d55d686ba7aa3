/// Job timers in simulated seconds: wall waits are divided by the simulator speedup, so a
/// 23 s stirring cycle lasts 0.46 s at PIO_SIM_SPEEDUP=50.
public struct JobClock: Sendable {
    public let speedup: Double

    public init(speedup: Double) { self.speedup = speedup > 0 ? speedup : 1 }

    /// Sleeps `seconds` of simulated time; throws CancellationError when the task is cancelled.
    public func sleep(_ seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(seconds / speedup * 1_000_000_000))
    }
}
