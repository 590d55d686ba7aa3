/// What stopping a `led_intensity` row does, for `pio kill` and the API alike (jobs.md §7, the
/// reference's `LEDKill`): run `pio run led_intensity --A 0 --B 0 --C 0 --D 0` and wait for it.
/// An all-off run registers no row of its own.
public enum LEDsOffCommand {
    public static func argv(pio: String) -> [String] {
        [pio, "run", "led_intensity", "--A", "0", "--B", "0", "--C", "0", "--D", "0"]
    }

    /// Runs it with `environment` (without an experiment it runs under `$experiment`: the run
    /// only names its log lines; testing mode has its own) and waits at most 10 s.
    public static func run(pio: String, environment: [String: String]) async {
        var env = environment
        if (env["EXPERIMENT"] ?? "").isEmpty && env["TESTING"] != "1" { env["EXPERIMENT"] = "$experiment" }
        _ = await DetachedProcess.start(argv: argv(pio: pio), environment: env, graceWindow: .seconds(10))
    }
}
