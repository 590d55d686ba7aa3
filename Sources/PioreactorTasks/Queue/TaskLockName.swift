/// The named locks of spec §1.5; a lock is held only while its task executes.
public enum TaskLockName {
    public static let update = "update-lock"
    public static let power = "power-lock"
    public static let webRestart = "web-restart-lock"
    public static let clock = "clock-lock"
    public static let importDotPioreactor = "import-dot-pioreactor-lock"
    public static let plugins = "plugins-lock"
}

/// Queue priorities of spec §1.5 (higher runs first).
public enum TaskQueuePriority {
    /// `kill_jobs_task`: never waits behind other work.
    public static let kill = 100
    /// `pio_run`.
    public static let run = 50
    /// `check_model_hardware`.
    public static let hardwareCheck = 10
    public static let normal = 0
}
