import Foundation
import PioreactorCore
import Testing
@testable import PioreactorJobs

@Suite(.serialized) struct LEDJobTests {
    /// The cached `leds` intensities (storage.md §3).
    func cachedLEDs(_ context: JobContext) async throws -> [String: Double] {
        try await LEDDriver(context: context).currentIntensities()
    }

    func latestEvent(_ store: JobMetadataStore) async throws -> String? {
        try await store.setting(jobName: "led_automation", setting: "latest_event")?.stringValue
    }

    @Test func scheduleTurnsOnAndOffOnTransitionsOnly() {
        var schedule = LightDarkSchedule(lightMinutes: 2, darkMinutes: 3)
        // Before the first run (minute -1 ≡ 4 in a 5-minute cycle): dark, and already off.
        #expect(schedule.evaluate() == nil)
        let changes = (0..<12).map { _ in schedule.tick() }
        #expect(changes == [true, nil, false, nil, nil, true, nil, false, nil, nil, true, nil])
        #expect(schedule.minutesOnline == 11)
        #expect(schedule.lightActive)
        // A new duration changes the cycle too: at minute 11, light 12 + dark 3 keeps the light on,
        // light 4 + dark 3 puts minute 11 at position 4 of 7, which is dark.
        schedule.lightMinutes = 12
        #expect(schedule.evaluate() == nil)
        schedule.lightMinutes = 4
        #expect(schedule.evaluate() == false)
        #expect(LightDarkSchedule.problem(lightMinutes: 0, darkMinutes: 0) != nil)
        #expect(LightDarkSchedule.problem(lightMinutes: -1, darkMinutes: 5) != nil)
        #expect(LightDarkSchedule.problem(lightMinutes: 0, darkMinutes: 1) == nil)
    }

    @Test func lightDarkCycleDrivesChannelsDAndCAndTurnsThemOffOnDisconnect() async throws {
        // 12 wall seconds per simulated minute: the checks below all happen within minute 0.
        let unit = try TempUnit(speedup: 5)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "led_automation")
        let job = try LEDAutomationJob(
            context: context, automationName: "light_dark_cycle", options: OptionValues(["duration": "1"]),
            arguments: ["light_intensity": "40", "light_duration_minutes": "2", "dark_duration_minutes": "1"])
        let runtime = JobRuntime(context: context, job: job)
        let running = Task { await runtime.run(trapSignals: false) }
        let store = try unit.store()
        defer { running.cancel() }

        // The first run comes after min(1/0.2, 10) = 5 simulated s: minute 0 turns the light on.
        #expect(try await eventually(timeout: 10) { try await latestEvent(store)?.contains("0.0min: turned on LEDs.") == true })
        #expect(try await latestEvent(store) == #"{"event_name":"ChangedLedIntensity","message":"0.0min: turned on LEDs.","data":null}"#)
        #expect(try await cachedLEDs(context) == ["A": 0, "B": 0, "C": 40, "D": 40])
        #expect(try context.hardware.ledIntensity(channel: "D") == 40)
        #expect(try context.hardware.ledIntensity(channel: "C") == 40)
        let settings = try await store.settings(jobName: "led_automation")
        #expect(settings["automation_name"] == "light_dark_cycle")
        #expect(settings["duration"] == .double(1))
        #expect(settings["light_intensity"] == .double(40))
        #expect(settings["light_duration_minutes"] == .double(2))
        #expect(settings["dark_duration_minutes"] == .double(1))
        // The automation's own row covers the change: no separate led_intensity registration.
        #expect(try await store.runningJobs(filter: .jobName("led_intensity")).isEmpty)

        // Settable settings: validated, applied at once while the light is on, republished.
        await runtime.handleSetRequest(setting: "light_intensity", text: "150")
        await runtime.handleSetRequest(setting: "light_intensity", text: "bright")
        #expect(try await store.setting(jobName: "led_automation", setting: "light_intensity") == .double(40))
        await runtime.handleSetRequest(setting: "light_intensity", text: "60")
        #expect(try await store.setting(jobName: "led_automation", setting: "light_intensity") == .double(60))
        #expect(try await cachedLEDs(context)["D"] == 60)
        await runtime.handleSetRequest(setting: "dark_duration_minutes", text: "2.5")
        await runtime.handleSetRequest(setting: "dark_duration_minutes", text: "-3")
        #expect(try await store.setting(jobName: "led_automation", setting: "dark_duration_minutes") == .double(1))
        await runtime.handleSetRequest(setting: "light_duration_minutes", text: "1000")
        #expect(try await store.setting(jobName: "led_automation", setting: "light_duration_minutes") == .int(1000))
        // light_dark_cycle's duration is read-only.
        await runtime.handleSetRequest(setting: "duration", text: "5")
        #expect(try await store.setting(jobName: "led_automation", setting: "duration") == .double(1))

        await runtime.requestStop()
        #expect(await running.value == 0)
        #expect(await job.editedChannels == ["C", "D"])
        #expect(try await cachedLEDs(context) == ["A": 0, "B": 0, "C": 0, "D": 0])
        #expect(try context.hardware.ledIntensity(channel: "C") == 0)
        #expect(try context.hardware.ledIntensity(channel: "D") == 0)
        #expect(try await store.runningJobs().isEmpty)
    }

    @Test func lightDarkCycleExecuteFollowsTheMinuteCounter() async throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let context = try await unit.context(jobName: "led_automation")
        let job = try LEDAutomationJob(
            context: context, automationName: "light_dark_cycle", options: OptionValues(["duration": "1"]),
            arguments: ["light_intensity": "25.5", "light_duration_minutes": "1", "dark_duration_minutes": "2"])
        var messages: [String?] = []
        var intensities: [Double] = []
        for _ in 0..<6 {
            let event = try await job.execute()
            messages.append(event?["message"]?.stringValue)
            intensities.append(try await cachedLEDs(context)["C"] ?? -1)
        }
        #expect(messages == [
            "0.0min: turned on LEDs.", "1.0min: turned off LEDs.", nil,
            "3.0min: turned on LEDs.", "4.0min: turned off LEDs.", nil,
        ])
        #expect(intensities == [25.5, 0, 0, 25.5, 0, 0])
    }

    @Test func lightDarkCycleRefusesBadArguments() async throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let context = try await unit.context(jobName: "led_automation")
        let good = ["light_intensity": "50", "light_duration_minutes": "960", "dark_duration_minutes": "480"]
        for bad in [
            good.merging(["light_intensity": "101"]) { $1 }, good.merging(["light_intensity": "x"]) { $1 },
            good.merging(["dark_duration_minutes": "-1"]) { $1 }, good.filter { $0.key != "light_intensity" },
            good.merging(["light_duration_minutes": "0", "dark_duration_minutes": "0"]) { $1 },
        ] {
            #expect(throws: JobFailure.self) {
                try LEDAutomationJob(context: context, automationName: "light_dark_cycle", options: OptionValues(), arguments: bad)
            }
        }
        #expect(throws: JobFailure.self) {
            try LEDAutomationJob(context: context, automationName: "disco", options: OptionValues(), arguments: [:])
        }
        #expect(throws: JobFailure.self) {
            try LEDAutomationJob(context: context, automationName: "silent", options: OptionValues(["duration": "0"]), arguments: [:])
        }
    }

    @Test func silentPublishesNoEventAndTakesANewDuration() async throws {
        let unit = try TempUnit(speedup: 200)
        defer { unit.remove() }
        let context = try await unit.context(jobName: "led_automation")
        let parsed = try RunArguments.parse(
            ["--automation-name", "silent", "--duration", "30"], command: JobCatalog.builtIn.command(named: "led_automation")!)
        let job = try JobLauncher.makeJob("led_automation", parsed: parsed, context: context)
        #expect(job is LEDAutomationJob)
        let runtime = JobRuntime(context: context, job: job)
        let running = Task { await runtime.run(trapSignals: false) }
        defer { running.cancel() }
        let store = try unit.store()
        #expect(try await eventually(timeout: 10) {
            try await latestEvent(store) == #"{"event_name":"NoEvent","message":"no changes occur in Silent","data":null}"#
        })
        let settings = try await store.settings(jobName: "led_automation")
        #expect(settings.keys.sorted() == ["$state", "automation_name", "duration", "latest_event"])
        #expect(settings["duration"] == .double(30))
        await runtime.handleSetRequest(setting: "duration", text: "0")
        await runtime.handleSetRequest(setting: "duration", text: "soon")
        #expect(try await store.setting(jobName: "led_automation", setting: "duration") == .double(30))
        await runtime.handleSetRequest(setting: "duration", text: "0.5")
        #expect(try await store.setting(jobName: "led_automation", setting: "duration") == .double(0.5))
        await runtime.requestStop()
        #expect(await running.value == 0)
        // Silent touched nothing, so nothing was switched off either.
        #expect(try await cachedLEDs(context) == ["A": 0, "B": 0, "C": 0, "D": 0])
    }

    @Test func ledIntensityRefusesBadInput() throws {
        let command = try #require(JobCatalog.builtIn.command(named: "led_intensity"))
        for values in [["a": "101"], ["b": "-0.5"], ["c": "nan"], ["d": "bright"]] {
            #expect(throws: JobFailure.self) { try LEDIntensityAction(options: OptionValues(values)) }
        }
        #expect(throws: JobFailure.self) { try RunArguments.parse(["--E", "5"], command: command) }
        let parsed = try RunArguments.parse(["--A", "10", "--C", "0", "--no-log"], command: command)
        let action = try LEDIntensityAction(options: parsed.options)
        #expect(action.desired.map(\.channel) == ["A", "C"])
        #expect(action.desired.map(\.intensity) == [10, 0])
        #expect(!action.verbose)
        #expect(LEDDriver.problem(channel: "E", intensity: 5) == "Saw incorrect channel E, not in ['A', 'B', 'C', 'D']")
        #expect(LEDDriver.problem(channel: "A", intensity: 100.5) == "Channel A intensity should be between 0 and 100, inclusive")
        #expect(LEDDriver.problem(channel: "A", intensity: 100) == nil)
    }

    @Test func ledIntensityRecordsRegistersAndIsEndedByStop() async throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let context = try await unit.context(jobName: "led_intensity")
        let store = try unit.store()
        let driver = LEDDriver(context: context)

        // Unknown channels and out-of-range values change nothing.
        #expect(try await !driver.apply([("E", 10)]))
        #expect(try await !driver.apply([("A", 120)]))
        #expect(try await cachedLEDs(context) == ["A": 0, "B": 0, "C": 0, "D": 0])
        // All channels at 0: nothing is on, nothing is registered.
        #expect(try await driver.apply(LEDDriver.channels.map { ($0, 0) }))
        #expect(try await store.allJobs().isEmpty)

        let code = try await LEDIntensityAction(options: OptionValues(["a": "10", "b": "0", "d": "55.5"])).run(context: context)
        #expect(code == 0)
        #expect(try await cachedLEDs(context) == ["A": 10, "B": 0, "C": 0, "D": 55.5])
        #expect(try context.hardware.ledIntensity(channel: "D") == 55.5)
        #expect(try await context.intermittent.cache("leds").get(.text("A")) == .real(10))
        let rows = try await store.runningJobs(filter: .jobName("led_intensity"))
        #expect(rows.count == 1)
        #expect(rows.first?["leader"] == "")
        #expect(rows.first?["experiment"] == "exp1")
        #expect(rows.first?["is_long_running_job"] == .int(0))

        // A locked channel is skipped and reported.
        try await context.intermittent.cache("led_locks").set(.text("C"), .text("1:2"))
        #expect(try await !driver.apply([("C", 30), ("B", 5)]))
        #expect(try await cachedLEDs(context) == ["A": 10, "B": 5, "C": 0, "D": 55.5])

        // Stop-all ends the row without any process to signal.
        #expect(try await SignalJobStopper(store: store).stopAllJobs() == 1)
        #expect(try await store.runningJobs().isEmpty)
    }

    @Test func ledIntensityRowOutlivesItsProcess() async throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let process = Process()
        process.executableURL = PioProcessTests.pioURL
        process.arguments = ["run", "led_intensity", "--A", "20"]
        process.environment = unit.env.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(try await eventually(timeout: 30) { !process.isRunning })
        #expect(process.terminationStatus == 0)

        let store = try unit.store()
        // The pid is gone, yet the row stays running (reconciliation skips led_intensity).
        let rows = try await store.runningJobs(filter: .jobName("led_intensity"))
        #expect(rows.map { $0["pid"] } == [.int(Int64(process.processIdentifier))])
        let context = try await unit.context()
        #expect(try await cachedLEDs(context)["A"] == 20)
        #expect(try context.hardware.ledIntensity(channel: "A") == 20)
        // `pio kill --job-name led_intensity`: every LED off, the row ended.
        // As `pio kill` runs it: the LEDs go off through `pio run led_intensity --A 0 …`.
        let killEnv = unit.env.merging(["PIO_EXECUTABLE": PioProcessTests.pioURL.path]) { _, pio in pio }
        #expect(try await JobKiller.kill(jobName: "led_intensity", env: killEnv) == 1)
        #expect(try await store.runningJobs().isEmpty)
        #expect(try await cachedLEDs(context) == ["A": 0, "B": 0, "C": 0, "D": 0])
        #expect(try context.hardware.ledIntensity(channel: "A") == 0)
    }
}
