import Foundation
import PioreactorCore

/// `monitor` (jobs.md §8.7): the long-running, experiment-less job that reports the unit's
/// vitals and runs self-checks at start and every 12 h.
///
/// Dosing events are not projected here: there is no MQTT bus, and every pump action already
/// applies its own events to the bioreactor values atomically (`PumpAction.report` →
/// `BioreactorValues.applyDosingEvent`), so projecting again would count each dose twice.
public actor MonitorJob: BackgroundJob {
    public nonisolated let jobName = "monitor"
    public nonisolated let isLongRunning = true
    public nonisolated let publishedSettings: [PublishedSettingSpec]

    let context: JobContext
    let env: [String: String]
    let vitals: HostVitals
    public private(set) var versions: JSONObject
    /// Seconds between self-checks (`[monitor.config] self_check_interval_hours`, 12 h).
    let selfCheckInterval: Double
    /// How many self-check rounds have completed (for observers and tests).
    public private(set) var selfCheckCount = 0

    static let maxTempToShutdownIfNoTemperatureAutomation = 65.0

    public init(context: JobContext, env: [String: String] = ProcessInfo.processInfo.environment, vitals: HostVitals = HostVitals()) throws {
        guard let spec = JobCatalog.builtIn.job(named: "monitor", automation: nil) else { throw JobFailure("monitor is not in the catalog") }
        self.context = context
        self.env = env
        self.vitals = vitals
        publishedSettings = spec.publishedSettings
        versions = UnitVersions.current(env: env, testing: context.environment.testing)
        selfCheckInterval = context.double("monitor.config", "self_check_interval_hours", 12) * 3600
    }

    public func start(_ runtime: JobRuntime) async throws {
        await runtime.publish("versions", .json(.object(versions)))
        for key in ["app", "rpi_machine", "hat", "firmware", "hat_serial"] {
            context.logger.debug("Pioreactor \(key) version: \(versions[key]?.stringValue ?? "")")
        }
        await runtime.publish("button_down", .bool(false))
    }

    public func run(_ runtime: JobRuntime) async throws {
        context.logger.notice("\(context.unit) is online and ready.")
        let streamingCheck = context.unit == context.leader ? Task { try? await checkDatabaseStreaming() } : nil
        defer { streamingCheck?.cancel() }
        while !Task.isCancelled {
            try await selfChecks(runtime)
            try await context.clock.sleep(selfCheckInterval)
        }
    }

    /// Leader only: without `mqtt_to_db_streaming` nothing the units publish reaches the
    /// experiment database, so, like the reference, warn every 30 s until it runs. (The
    /// reference blocks its other self-checks meanwhile; this runs beside them.)
    func checkDatabaseStreaming() async throws {
        try await context.clock.sleep(5)
        while try await context.jobs.runningJobId(jobName: "mqtt_to_db_streaming") == nil {
            context.logger.warning("mqtt_to_db_streaming should be running on leader. Check `sudo systemctl status pioreactor_startup_run@mqtt_to_db_streaming.service`, or try restarting.")
            try await context.clock.sleep(30)
        }
    }

    /// One round of the reference's `self_checks` that apply to a simulated unit.
    func selfChecks(_ runtime: JobRuntime) async throws {
        await runtime.publish("button_down", .bool(false))
        try await checkNetwork(runtime)
        await publishStatistics(runtime)
        await checkWebServer(runtime)
        if context.unit == context.leader { await checkLastBackup() }
        await checkPower(runtime)
        await checkHeaterPCBTemperature()
        selfCheckCount += 1
    }

    func checkNetwork(_ runtime: JobRuntime) async throws {
        var ipv4 = vitals.ipv4Addresses()
        for attempt in 0..<3 where ipv4.isEmpty || ipv4 == "127.0.0.1" {
            context.logger.warning("Unable to find a network...")
            if attempt < 2 { try await context.clock.sleep(2) }
            ipv4 = vitals.ipv4Addresses()
        }
        let wlan = vitals.macAddresses(wireless: true)
        let eth = vitals.macAddresses(wireless: false)
        await runtime.publish("ipv4", .string(ipv4))
        await runtime.publish("wlan_mac_address", .string(wlan))
        await runtime.publish("eth_mac_address", .string(eth))
        context.logger.debug("IPv4 address: \(ipv4)")
        context.logger.debug("WLAN MAC address: \(wlan)")
        context.logger.debug("Ethernet MAC address: \(eth)")
    }

    /// Disk use of the filesystem holding DOT_PIOREACTOR and the CPU temperature.
    func publishStatistics(_ runtime: JobRuntime) async {
        let disk = vitals.diskUsagePercent(of: context.paths.dotPioreactor.path) ?? 0
        if disk <= 80 {
            context.logger.debug("Disk space at \(disk)%.")
        } else {
            context.logger.warning("Disk space at \(disk)%.")
        }
        let cpu = Int(vitals.cpuTemperatureCelsius().rounded(.toNearestOrEven))
        if cpu <= 80 {
            context.logger.debug("CPU temperature at \(cpu) ℃.")
        } else {
            context.logger.warning("CPU temperature at \(cpu) ℃.")
        }
        await runtime.publish("computer_statistics", .json(.object(JSONObject([
            ("disk_usage_percent", .int(Int64(disk))), ("cpu_temperature_celcius", .int(Int64(cpu))),
            ("timestamp", .string(ISOTime.milliseconds())),
        ]))))
    }

    /// The port of this unit's web server: env `PIO_UI_PORT`, else `[ui] port` (80).
    var webServerPort: Int {
        if let text = env["PIO_UI_PORT"], let port = Int(text) { return port }
        return (try? context.config.int("ui", "port", fallback: 80)) ?? 80
    }

    /// `GET /unit_api/health`; any failure marks the job `lost`. Skipped in testing mode, like
    /// the reference, unless `PIO_UI_PORT` says where the server is.
    func checkWebServer(_ runtime: JobRuntime) async {
        if context.environment.testing && env["PIO_UI_PORT"] == nil { return }
        let result = await HTTPProbe(port: webServerPort).check()
        switch result {
        case .success(let code) where code < 400:
            context.logger.debug("Webserver is online.")
        case .success(let code):
            await runtime.markLost()
            context.logger.warning("Webserver isn't online. (HTTP \(code))")
        case .failure(let error):
            await runtime.markLost()
            context.logger.warning("\(error)")
        }
    }

    /// Leader only: a backup older than 30 days gets a warning.
    func checkLastBackup() async {
        guard let text = try? await context.persistent.cache("database_backups").get(.text("latest_backup_timestamp"))?.textValue,
              let date = Self.parseISO(text) else { return }
        if Date().timeIntervalSince(date) > 30 * 86_400 {
            context.logger.warning("Database hasn't been backed up in over 30 days. Try running `pio run backup_database` between experiments.")
        }
    }

    /// The PWM rail voltage from the (simulated) HAT; ≤ 4.80 V is a warning.
    func checkPower(_ runtime: JobRuntime) async {
        guard let voltage = try? context.hardware.readPWMRailVoltage() else { return }
        let rounded = (voltage * 100).rounded() / 100
        context.logger.debug("PWM power supply at ~\(String(format: "%.2f", voltage))V.")
        await runtime.publish("voltage_on_pwm_rail", .json(.object(JSONObject([
            ("timestamp", .string(StructTimestamp.now())), ("voltage", .double(rounded)),
        ]))))
        if voltage <= 4.80 {
            context.logger.warning("Low-voltage detected on rail. PWM power supply at \(String(format: "%.1f", voltage))V. Suggestion: use a better power supply or an AUX power. See docs at: https://docs.pioreactor.com/user-guide/external-power")
        } else {
            context.logger.debug("Power status okay.")
        }
    }

    /// The reference powers the computer off here; a simulated unit only reports the danger.
    func checkHeaterPCBTemperature() async {
        guard let observed = try? context.hardware.readHeaterPCBTemperature() else { return }
        if observed >= context.model.maxTempToShutdown {
            context.logger.error("Detected an extremely high temperature, \(observed) ℃ on the heating PCB - shutting down for safety.")
        } else if observed >= Self.maxTempToShutdownIfNoTemperatureAutomation,
                  (try? await context.jobs.runningJobId(jobName: "temperature_automation")) == nil {
            context.logger.error("Detected an extremely high temperature but heating is turned off, \(observed) ℃ on the heating PCB - shutting down for safety.")
        }
        context.logger.debug("Heating PCB temperature at \(Int(observed.rounded())) ℃.")
    }

    public func set(_ setting: String, text: String, runtime: JobRuntime) async throws {
        guard setting == "versions" else { throw JobFailure("Unable to set \(setting) in monitor.") }
        let update: JSONValue
        do {
            update = try JSONValue.parse(Data(text.utf8))
        } catch {
            throw JobFailure("versions must be JSON: \(error)")
        }
        versions = try UnitVersions.merge(versions, with: update)
        await runtime.update("versions", .json(.object(versions)))
    }

    public func disconnect(_ runtime: JobRuntime) async {}

    static func parseISO(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
