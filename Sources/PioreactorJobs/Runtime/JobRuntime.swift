import Foundation
import Logging
import PioreactorCore
import UnixSignals

/// Runs one job in this process: duplicate check, registration in `pio_job_metadata`, the
/// `$state` machine of jobs.md §3, published settings, the settings-request poll, signals and
/// the disconnect sequence.
public actor JobRuntime {
    public let context: JobContext
    public let job: any BackgroundJob
    let publisher: any SettingsPublisher
    public private(set) var jobId: Int64 = 0
    public private(set) var state: JobState = .initializing
    private var values: [String: SettingValue] = [:]
    private var stopContinuation: AsyncStream<StopReason>.Continuation?
    /// Seconds between polls of the settings-request table.
    public var settingsPollInterval: Double = 0.25
    /// When the current automation settings took effect (the `…_settings` record's `started_at`).
    private var settingsPeriodStart = Date()
    /// Settings published during this run: only these are cleared at exit, as the reference does.
    private var publishedNames: Set<String> = []
    /// False for an action run inside another job (a dosing automation's pump): the outer job owns
    /// the MQTT connection, its subscriptions and its reconnect handling.
    private let ownsConnection: Bool

    enum StopReason: Sendable { case signal(Int32), finished, failed(String), requested }

    public init(context: JobContext, job: any BackgroundJob, publisher: (any SettingsPublisher)? = nil, ownsConnection: Bool = true) {
        self.context = context
        self.job = job
        self.ownsConnection = ownsConnection
        self.publisher = publisher ?? DatabaseSettingsPublisher(store: context.jobs)
    }

    public var logger: Logger { context.logger }
    public var clock: JobClock { context.clock }

    /// Runs the job to completion and returns the process exit code.
    public func run(trapSignals: Bool = true) async -> Int32 {
        let name = job.jobName
        do {
            if !job.isManagedAction {
                try await context.jobs.reconcileDeadJobs()
                if let existing = try await context.jobs.runningJobId(jobName: name) {
                    logger.warning("\(name) is already running (job_id=\(existing)). Skipping.")
                    return 1
                }
            }
            jobId = try await context.jobs.register(
                unit: context.unit, experiment: context.experiment, jobName: name,
                jobSource: context.environment.jobSource, pid: Int64(getpid()), leader: context.leader,
                isLongRunningJob: job.isLongRunning)
        } catch {
            logger.error("\(name) could not register: \(error)")
            return 1
        }

        let (stops, continuation) = AsyncStream<StopReason>.makeStream()
        stopContinuation = continuation
        // SIGTERM, SIGINT and SIGHUP stop the job cleanly instead of killing the process.
        let signals = trapSignals ? await UnixSignalsSequence(trapping: .sigterm, .sigint, .sighup) : nil
        let signalTask = signals.map { signals in
            Task { for await signal in signals { continuation.yield(.signal(signal.rawValue)); break } }
        }
        defer { signalTask?.cancel() }

        let listeners = ownsConnection ? listenOnTheBus() : []
        defer { listeners.forEach { $0.cancel() } }
        await publishState(.initializing)
        for setting in job.clearedAtStart { await publish(setting, nil) }
        logger.debug("Init.")
        do {
            try await job.start(self)
        } catch {
            logger.error("\(name) failed to start: \(error)")
            await shutDown()
            return 1
        }
        await publishState(.ready)
        logger.info("Ready.")

        let work = Task { [job] in
            do {
                try await job.run(self)
                continuation.yield(.finished)
            } catch is CancellationError {
                continuation.yield(.finished)
            } catch {
                continuation.yield(.failed("\(error)"))
            }
        }
        let poll = Task { await self.pollSettingRequests() }

        var exitCode: Int32 = 0
        for await reason in stops {
            switch reason {
            case .signal(let number): logger.debug("Exiting caused by signal \(Self.signalName(number)).")
            case .failed(let message):
                logger.error("\(name) failed: \(message)")
                exitCode = 1
            case .finished, .requested: break
            }
            break
        }
        poll.cancel()
        work.cancel()
        _ = await work.result
        await shutDown()
        return exitCode
    }

    /// Stops the job from inside (e.g. `$state/set disconnected`).
    public func requestStop() {
        stopContinuation?.yield(.requested)
    }

    // MARK: settings

    /// Publishes a setting (nil clears it) to the job tables and, retained, to MQTT, and
    /// remembers it for `Updated …` logs and for republishing after a reconnect.
    public func publish(_ setting: String, _ value: SettingValue?) async {
        values[setting] = value
        if value != nil { publishedNames.insert(setting) }
        context.bus.publish("\(job.jobName)/\(setting)", value?.payload ?? "", qos: 2, retain: true)
        // Like the reference, every assignment of a settable automation setting ends a settings
        // period (at start-up too, so the first records hold nulls for what is not set yet).
        if isAutomation, setting != "$state", job.publishedSettings.contains(where: { $0.name == setting && $0.settable }) {
            publishAutomationSettings()
        }
        do {
            try await publisher.publish(jobId: jobId, setting: setting, value: value)
        } catch {
            logger.error("could not publish \(setting): \(error)")
        }
    }

    /// Publishes a settable setting's new value with the reference's INFO log.
    public func update(_ setting: String, _ value: SettingValue?) async {
        let old = values[setting]
        let unit = job.publishedSettings.first { $0.name == setting }?.unit.map { " \($0)" } ?? ""
        await publish(setting, value)
        let render = { (value: SettingValue?) in String((value?.payload ?? "None").prefix(40)) }
        logger.info("Updated \(setting) from \(render(old))\(unit) to \(render(value))\(unit).")
    }

    private var isAutomation: Bool { job.jobName.hasSuffix("_automation") }

    /// The `AutomationSettings` record of jobs.md §4 for the period that just ended.
    private func publishAutomationSettings() {
        let now = Date()
        // Every settable value, then `state` (settable on every job), as the reference encodes them.
        var settable = JSONObject()
        for spec in job.publishedSettings where spec.settable { settable[spec.name] = values[spec.name]?.json ?? .null }
        settable["state"] = .string(state.rawValue)
        let record = JSONValue.object(JSONObject([
            ("pioreactor_unit", .string(context.unit)),
            ("experiment", .string(context.experiment)),
            ("started_at", .string(StructTimestamp.now(settingsPeriodStart))),
            ("ended_at", .string(StructTimestamp.now(now))),
            ("automation_name", .string(values["automation_name"]?.payload ?? "")),
            ("settings", .string(Data(JSONValue.object(settable).encodedBytes()).base64EncodedString())),
        ]))
        context.bus.publish("\(job.jobName)/\(job.jobName)_settings", record.encoded(), qos: 2, retain: false)
        settingsPeriodStart = now
    }

    /// The last published value of a setting.
    public func value(of setting: String) -> SettingValue? { values[setting] }

    /// Applies one `/set` request (jobs.md §4 "How /set works").
    public func handleSetRequest(setting rawName: String, text: String) async {
        let name = rawName.hasPrefix("$") ? String(rawName.dropFirst()) : rawName
        if name == "state" {
            await transition(to: text)
            return
        }
        guard let spec = job.publishedSettings.first(where: { $0.name == name }) else {
            logger.debug("Unable to set `\(name)` in \(job.jobName). `\(name)` is not a published_setting.")
            return
        }
        guard spec.settable else {
            logger.warning("Unable to set `\(name)` in \(job.jobName). `\(name)` is read-only.")
            return
        }
        do {
            try await job.set(name, text: text, runtime: self)
        } catch {
            logger.warning("Unable to set \(name) in \(job.jobName): \(error)")
        }
    }

    /// `$state/set`: `sleeping`, `ready` or `disconnected`; the same state does nothing.
    public func transition(to text: String) async {
        guard let target = JobState(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            logger.warning("Unknown state \(text).")
            return
        }
        guard target != state else { return }
        switch (state, target) {
        case (.ready, .sleeping):
            await job.sleep(self)
            await publishState(.sleeping)
            logger.info("Sleeping.")
            logger.info("Updated state from ready to sleeping.")
        case (.sleeping, .ready):
            await publishState(.ready)
            await job.wake(self)
            logger.info("Ready.")
            logger.info("Updated state from sleeping to ready.")
        case (_, .disconnected):
            requestStop()
        default:
            logger.debug("Ignoring transition \(state.rawValue) -> \(target.rawValue).")
        }
    }

    /// Publishes `$state = lost` from inside the job (the monitor's failed web-server check);
    /// the job keeps running, like the reference's `set_state(LOST)`.
    public func markLost() async {
        guard state != .lost else { return }
        await publishState(.lost)
    }

    /// Waits while the job sleeps; returns at once when ready.
    public func waitWhileSleeping() async throws {
        while state == .sleeping { try await Task.sleep(nanoseconds: 100_000_000) }
    }

    private func publishState(_ newState: JobState) async {
        state = newState
        await publish("$state", .string(newState.rawValue))
    }

    /// Subscribes to `/set` (this unit and `$broadcast`, this experiment and `$experiment`) and
    /// to the job's own `$state`; after every (re)connect, republishes every retained value.
    private func listenOnTheBus() -> [Task<Void, Never>] {
        let bus = context.bus
        let name = job.jobName
        bus.onConnect { [weak self] in Task { await self?.republishRetained() } }
        var filters: [String] = []
        for unit in [bus.unit, "$broadcast"] {
            for experiment in Set([bus.experiment, "$experiment"]).sorted() {
                filters.append("pioreactor/\(unit)/\(experiment)/\(name)/+/set")
            }
        }
        var tasks = filters.compactMap { filter in
            bus.subscribe(filter, qos: 1).map { messages in
                Task { [weak self] in
                    for await message in messages where !message.retain {
                        let segments = message.topic.split(separator: "/", omittingEmptySubsequences: false)
                        guard segments.count == 6 else { continue }
                        await self?.handleSetRequest(setting: String(segments[4]), text: message.text)
                    }
                }
            }
        }
        // A last will from an earlier connection of ours can arrive after a fresh `ready`
        // (the broker publishes it only when that session times out): put our state back.
        if let states = bus.subscribe(bus.topic("\(name)/$state"), qos: 1) {
            tasks.append(Task { [weak self] in
                for await message in states where message.text == JobState.lost.rawValue {
                    await self?.reassertState()
                }
            })
        }
        return tasks
    }

    private func republishRetained() {
        for (setting, value) in values {
            context.bus.publish("\(job.jobName)/\(setting)", value.payload, qos: 2, retain: true)
        }
    }

    private func reassertState() {
        guard state != .lost, state != .disconnected else { return }
        context.bus.publish("\(job.jobName)/$state", state.rawValue, qos: 2, retain: true)
    }

    private func pollSettingRequests() async {
        while !Task.isCancelled {
            if let requests = try? await context.jobs.takeSettingRequests(jobId: jobId) {
                for request in requests { await handleSetRequest(setting: request.setting, text: request.value) }
            }
            try? await Task.sleep(nanoseconds: UInt64(settingsPollInterval * 1_000_000_000))
        }
    }

    /// The disconnect sequence of jobs.md §3 step 4: actuators off, `disconnected`, transient
    /// settings cleared (empty retained payloads and their rows), a clean MQTT disconnect.
    private func shutDown() async {
        await job.disconnect(self)
        await publishState(.disconnected)
        logger.info("Disconnected.")
        let transient = job.publishedSettings.filter { $0.persist != true }.map(\.name)
        for setting in transient where publishedNames.contains(setting) {
            values[setting] = nil
            context.bus.publish("\(job.jobName)/\(setting)", "", qos: 2, retain: true)
        }
        do {
            try await context.jobs.markEnded(jobId: jobId, removingSettings: transient)
        } catch {
            logger.error("could not mark \(job.jobName) ended: \(error)")
        }
        stopContinuation?.finish()
    }

    /// Python's `signal.strsignal` wording for the stop signals.
    static func signalName(_ number: Int32) -> String {
        switch number {
        case SIGINT: return "Interrupt"
        case SIGTERM: return "Terminated"
        case SIGHUP: return "Hangup"
        default: return "\(number)"
        }
    }
}
