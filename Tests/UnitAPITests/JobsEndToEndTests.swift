import Foundation
import PioreactorCore
import Testing

/// The real server runs real `pio run` jobs on the simulator: it starts them, changes their
/// settings, survives its own restart with the jobs still running, and stops them.
@Suite(.serialized) struct JobsEndToEndTests {
    static let user = #""env": {"EXPERIMENT": "exp1", "JOB_SOURCE": "user"}"#

    @Test func stirringRunsChangesSurvivesRestartAndStops() async throws {
        let unit = try LiveUnit(speedup: 20)
        defer { unit.close() }
        let first = try await unit.startServer()

        let started = Date()
        let run = await unit.request(first.port, "POST", "/jobs/run/job_name/stirring", #"{"options": {"target_rpm": 400}, \#(Self.user)}"#)
        #expect(run?.status == 202)
        #expect(try await unit.waitFor(first.port, "/jobs/running/stirring") { $0.arrayValue?.count == 1 })
        print("POST jobs/run → listed running: \(String(format: "%.3f", Date().timeIntervalSince(started))) s")
        #expect(try await unit.waitFor(first.port, "/jobs/settings/job_name/stirring") { $0["settings"]?["$state"] == "ready" })

        let patch = await unit.request(first.port, "PATCH", "/jobs/settings/job_name/stirring", #"{"settings": {"target_rpm": 600}}"#)
        #expect(patch?.status == 200)
        #expect(try await unit.waitFor(first.port, "/jobs/settings/job_name/stirring/setting/target_rpm", seconds: 5) {
            $0["target_rpm"]?.numberValue == 600
        })

        // The job outlives the API server.
        #expect(try await unit.stopServer(first.pid), "the server stops within 5 s of SIGTERM")
        let second = try await unit.startServer()
        #expect(try await unit.waitFor(second.port, "/jobs/running/experiments/exp1") { $0.arrayValue?.first?["job_name"] == "stirring" })

        #expect(await unit.request(second.port, "POST", "/jobs/stop", #"{"experiment": "exp1"}"#)?.status == 202)
        #expect(try await unit.waitFor(second.port, "/jobs/running") { $0.arrayValue?.isEmpty == true })
        #expect(try await unit.waitFor(second.port, "/jobs") { $0.arrayValue?.first?["ended_at"]?.stringValue != nil })
    }

    /// Stirring at 400 rpm, OD reading, growth rate, a 32 ℃ thermostat and a turbidostat, over
    /// HTTP, 300× faster than life: the readings converge and dosing holds the culture near its
    /// target; then the jobs stop by name and by experiment, and their processes are gone.
    @Test func cultureConvergesAndStops() async throws {
        let unit = try LiveUnit(speedup: 300)
        defer { unit.close() }
        let port = try await unit.startServer().port
        for device in ["media_pump", "waste_pump"] {
            #expect(await unit.request(port, "PATCH", "/active_calibrations/\(device)/\(device)-2026-02-10")?.status == 200)
        }
        let jobs = [
            ("stirring", #"{"target_rpm": 400}"#), ("od_reading", "{}"), ("growth_rate_calculating", "{}"),
            ("temperature_automation", #"{"automation_name": "thermostat", "target_temperature": 32}"#),
            ("dosing_automation", #"{"automation_name": "turbidostat", "target_biomass": 1.15, "exchange_volume_ml": 0.5, "biomass_signal": "normalized_od"}"#),
        ]
        for (job, options) in jobs {
            #expect(await unit.request(port, "POST", "/jobs/run/job_name/\(job)", #"{"options": \#(options), \#(Self.user)}"#)?.status == 202)
        }
        #expect(try await unit.waitFor(port, "/jobs/running") { $0.arrayValue?.count == jobs.count })
        let pids = await unit.request(port, "GET", "/jobs/running")?.body.arrayValue?.compactMap { $0["pid"]?.numberValue } ?? []
        #expect(pids.count == jobs.count)

        let firstOD = try await LiveUnit.eventually(seconds: 20) { await self.od(unit, port) }
        #expect(try await LiveUnit.eventually(seconds: 30) { () async -> Double? in
            guard let rpm = await unit.publishedJSON(port, job: "stirring", setting: "measured_rpm")?["measured_rpm"]?.numberValue,
                  abs(rpm - 400) < 30 else { return nil }
            return rpm
        } != nil, "measured RPM near 400")
        #expect(try await LiveUnit.eventually(seconds: 40) { () async -> Double? in
            guard let celsius = await unit.publishedJSON(port, job: "temperature_automation", setting: "temperature")?["temperature"]?.numberValue,
                  abs(celsius - 32) < 1.5 else { return nil }
            return celsius
        } != nil, "temperature near 32 ℃")
        #expect(try await LiveUnit.eventually(seconds: 30) { () async -> Double? in
            guard let od = await self.od(unit, port), let firstOD, od > firstOD * 1.05 else { return nil }
            return od
        } != nil, "OD rising")
        // At least 6 exchanges of 0.5 mL, then the normalised OD sits near the 1.15 target.
        #expect(try await LiveUnit.eventually(seconds: 60) { () async -> Double? in
            guard let media = await unit.request(port, "GET", "/jobs/settings/job_name/dosing_automation/setting/media_throughput")?
                .body["media_throughput"]?.numberValue, media >= 3 else { return nil }
            return media
        } != nil, "the turbidostat doses")
        let held = await unit.publishedJSON(port, job: "growth_rate_calculating", setting: "od_filtered")?["od_filtered"]?.numberValue
        #expect(held.map { (1.0...1.3).contains($0) } == true, "normalised OD held near 1.15, got \(String(describing: held))")

        #expect(await unit.request(port, "POST", "/jobs/stop", #"{"job_name": "stirring"}"#)?.status == 202)
        #expect(try await unit.waitFor(port, "/jobs/running") { !LiveUnit.jobNames($0).contains("stirring") && LiveUnit.jobNames($0).count == jobs.count - 1 })
        #expect(await unit.request(port, "POST", "/jobs/stop", #"{"experiment": "exp1"}"#)?.status == 202)
        #expect(try await unit.waitFor(port, "/jobs/running") { $0.arrayValue?.isEmpty == true })
        // Every job process is gone, not just marked stopped.
        let gone: Bool? = try await LiveUnit.eventually(seconds: 5) { pids.allSatisfy { kill(pid_t($0), 0) != 0 } ? true : nil }
        #expect(gone == true)
    }

    /// The monitor finds this server (PIO_UI_PORT) and stays up through stop/all; stopping
    /// led_intensity through the API turns the LEDs off.
    @Test func monitorAndLEDs() async throws {
        let unit = try LiveUnit(speedup: 1)
        defer { unit.close() }
        let port = try await unit.startServer().port

        #expect(await unit.request(port, "POST", "/jobs/run/job_name/monitor", "{}")?.status == 202)
        #expect(try await unit.waitFor(port, "/jobs/settings/job_name/monitor") { $0["settings"]?["$state"] == "ready" })
        #expect(await unit.request(port, "POST", "/jobs/run/job_name/led_intensity", #"{"options": {"A": 10}, \#(Self.user)}"#)?.status == 202)
        #expect(try await unit.waitFor(port, "/jobs/running") { LiveUnit.jobNames($0) == ["led_intensity", "monitor"] })
        #expect(ledA(unit) == 10)

        #expect(await unit.request(port, "POST", "/jobs/stop/all", "{}")?.status == 202)
        #expect(try await unit.waitFor(port, "/jobs/running") { LiveUnit.jobNames($0) == ["monitor"] })
        let off: Bool? = try await LiveUnit.eventually(seconds: 10) { self.ledA(unit) == 0 ? true : nil }  // 0 = off or absent
        #expect(off == true, "LED A turned off")
        #expect(await unit.request(port, "GET", "/jobs/settings/job_name/monitor/setting/$state")?.body["$state"] == "ready")
    }

    /// LED A's intensity in the simulator's shared state (a channel that is off has no entry).
    func ledA(_ unit: LiveUnit) -> Double? {
        guard let data = try? Data(contentsOf: unit.run.appendingPathComponent("simulator/state.json")),
              let state = try? JSONValue.parse(data) else { return nil }
        return state["ledIntensities"]?["A"]?.numberValue ?? 0
    }

    func od(_ unit: LiveUnit, _ port: Int) async -> Double? {
        await unit.publishedJSON(port, job: "od_reading", setting: "ods")?["ods"]?["2"]?["od"]?.numberValue
    }
}
