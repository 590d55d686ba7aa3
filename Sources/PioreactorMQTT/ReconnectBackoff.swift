/// Delay between connection attempts: starts small, doubles after each failure, capped; reset on success.
struct ReconnectBackoff {
    let initial: Duration
    let maximum: Duration
    private var current: Duration

    init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
        self.current = initial
    }

    /// Returns the delay to wait now and doubles the following one.
    mutating func next() -> Duration {
        let delay = current
        current = min(current * 2, maximum)
        return delay
    }

    /// Goes back to the initial delay after a successful connection.
    mutating func reset() {
        current = initial
    }
}
