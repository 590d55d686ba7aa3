import Foundation
import PioreactorCore
import Testing
@testable import PioreactorJobs

@Suite(.serialized) struct MonitorJobTests {
    func monitorContext(_ unit: TempUnit) async throws -> JobContext {
        try await JobContext.make(env: unit.env, jobName: "monitor", longRunning: true)
    }

    func setting(_ store: JobMetadataStore, _ name: String) async throws -> JSONValue? {
        guard let value = try await store.setting(jobName: "monitor", setting: name) else { return nil }
        if case .string(let text) = value, let parsed = try? JSONValue.parse(Data(text.utf8)), parsed.objectValue != nil {
            return parsed
        }
        return value
    }

    @Test func publishesVitalsStaysUpThroughStopAllAndMergesVersions() async throws {
        let unit = try TempUnit(speedup: 50)
        defer { unit.remove() }
        let server = try TinyHTTPServer()
        defer { server.stop() }
        let context = try await monitorContext(unit)
        #expect(context.experiment == "$experiment")  // even with EXPERIMENT=exp1 in the environment
        let job = try MonitorJob(context: context, env: unit.env.merging(["PIO_UI_PORT": String(server.port)]) { $1 })
        let runtime = JobRuntime(context: context, job: job)
        let running = Task { await runtime.run(trapSignals: false) }
        defer { running.cancel() }
        let store = try unit.store()
        #expect(try await eventually(timeout: 15) { await job.selfCheckCount >= 1 })

        let stats = try #require(try await setting(store, "computer_statistics")?.objectValue)
        #expect(stats.keys == ["disk_usage_percent", "cpu_temperature_celcius", "timestamp"])
        let disk = try #require(stats["disk_usage_percent"].flatMap { if case .int(let n) = $0 { n } else { nil } })
        #expect((0...100).contains(disk))
        #expect(stats["cpu_temperature_celcius"].map { if case .int = $0 { true } else { false } } == true)
        let versions = try #require(try await setting(store, "versions")?.objectValue)
        #expect(versions.keys == UnitVersions.keys)
        #expect(versions["app"] == .string(PioreactorVersion.app))
        let voltage = try #require(try await setting(store, "voltage_on_pwm_rail")?.objectValue)
        #expect(voltage.keys == ["timestamp", "voltage"])
        #expect(abs((voltage["voltage"]?.numberValue ?? 0) - 5.05) < 0.1)
        #expect(try await store.setting(jobName: "monitor", setting: "button_down") == .int(0))
        for name in ["ipv4", "wlan_mac_address", "eth_mac_address"] {
            #expect(try await store.setting(jobName: "monitor", setting: name)?.stringValue != nil)
        }
        // The health check reached the server, so the job stays ready.
        #expect(try await store.setting(jobName: "monitor", setting: "$state") == "ready")

        // Long-running: registered as such under $experiment, skipped by stop-all, named stops include it.
        let row = try #require(try await store.runningJobs(filter: .jobName("monitor")).first)
        #expect(row["is_long_running_job"] == .int(1))
        #expect(row["experiment"] == "$experiment")
        #expect(try await store.jobsToStopAll().isEmpty)
        #expect(try await store.jobsToStop(jobName: "monitor").map(\.jobId) == [row["job_id"].flatMap { if case .int(let n) = $0 { n } else { nil } } ?? -1])

        // versions: known keys merge, unknown keys are dropped, non-objects are refused.
        await runtime.handleSetRequest(setting: "versions", text: #"{"firmware": "0.4", "bogus": "x"}"#)
        let merged = try #require(try await setting(store, "versions")?.objectValue)
        #expect(merged["firmware"] == "0.4")
        #expect(merged["bogus"] == nil)
        #expect(merged.keys == UnitVersions.keys)
        await runtime.handleSetRequest(setting: "versions", text: "[1]")
        await runtime.handleSetRequest(setting: "ipv4", text: "10.0.0.1")
        #expect(try await setting(store, "versions")?.objectValue == merged)

        await runtime.requestStop()
        #expect(await running.value == 0)
        #expect(try await store.runningJobs().isEmpty)
        #expect(try await store.settings(jobName: "monitor").isEmpty)
    }

    @Test func unreachableWebServerMarksTheMonitorLost() async throws {
        let unit = try TempUnit(speedup: 50)
        defer { unit.remove() }
        let context = try await monitorContext(unit)
        let job = try MonitorJob(context: context, env: unit.env.merging(["PIO_UI_PORT": String(try TinyHTTPServer.closedPort())]) { $1 })
        let runtime = JobRuntime(context: context, job: job)
        let running = Task { await runtime.run(trapSignals: false) }
        defer { running.cancel() }
        let store = try unit.store()
        #expect(try await eventually(timeout: 15) {
            try await store.setting(jobName: "monitor", setting: "$state") == "lost"
        })
        #expect(await runtime.state == .lost)
        await runtime.requestStop()
        #expect(await running.value == 0)
        #expect(await runtime.state == .disconnected)
    }

    @Test func healthProbeReadsTheStatusAndBoundsFailures() async throws {
        let ok = try TinyHTTPServer()
        defer { ok.stop() }
        #expect(try await HTTPProbe(host: "127.0.0.1", port: ok.port, timeout: 2).check().get() == 200)
        let broken = try TinyHTTPServer(status: "503 SERVICE UNAVAILABLE")
        defer { broken.stop() }
        #expect(try await HTTPProbe(host: "127.0.0.1", port: broken.port, timeout: 2).check().get() == 503)
        let closed = try TinyHTTPServer.closedPort()
        await #expect(throws: HTTPProbeError.self) { try await HTTPProbe(host: "127.0.0.1", port: closed, timeout: 1).check().get() }
        await #expect(throws: HTTPProbeError.self) { try await HTTPProbe(host: "no-such-host.invalid", port: 80, timeout: 1).check().get() }
    }

    @Test func hostVitalsReadInterfacesAndThermalZone() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vitals-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let net = root.appendingPathComponent("net")
        func interface(_ name: String, type: String, mac: String, wireless: Bool) throws {
            let folder = net.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try "\(type)\n".write(to: folder.appendingPathComponent("type"), atomically: true, encoding: .utf8)
            try "\(mac)\n".write(to: folder.appendingPathComponent("address"), atomically: true, encoding: .utf8)
            if wireless { try FileManager.default.createDirectory(at: folder.appendingPathComponent("wireless"), withIntermediateDirectories: true) }
        }
        try interface("wlan0", type: "1", mac: "d8:3a:dd:61:01:59", wireless: true)
        try interface("eth0", type: "1", mac: "d8:3a:dd:61:01:60", wireless: false)
        try interface("lo", type: "772", mac: "00:00:00:00:00:00", wireless: false)
        let thermal = root.appendingPathComponent("temp")
        try "48312\n".write(to: thermal, atomically: true, encoding: .utf8)

        let vitals = HostVitals(netDirectory: net, thermalFile: thermal)
        #expect(vitals.macAddresses(wireless: true) == "d8:3a:dd:61:01:59")
        #expect(vitals.macAddresses(wireless: false) == "d8:3a:dd:61:01:60")
        #expect(HostVitals(netDirectory: root.appendingPathComponent("none")).macAddresses(wireless: true) == "Not available")
        #expect(abs(vitals.cpuTemperatureCelsius() - 48.312) < 1e-9)
        #expect(HostVitals(thermalFile: root.appendingPathComponent("missing")).cpuTemperatureCelsius() == -999)
        #expect(vitals.diskUsagePercent(of: root.path).map { (0...100).contains($0) } == true)
        #expect(vitals.diskUsagePercent(of: root.appendingPathComponent("missing").path) == nil)
        #expect(!vitals.ipv4Addresses().split(separator: ",").contains("127.0.0.1"))
    }

    @Test func versionsComeFromEnvironmentAndDeviceTree() throws {
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("dt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tree) }
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("hat"), withIntermediateDirectories: true)
        try "Raspberry Pi 5 Model B Rev 1.0\0".write(to: tree.appendingPathComponent("model"), atomically: true, encoding: .utf8)
        try "0x0013\0".write(to: tree.appendingPathComponent("hat/product_ver"), atomically: true, encoding: .utf8)
        try "1234-abcd\0".write(to: tree.appendingPathComponent("hat/uuid"), atomically: true, encoding: .utf8)

        let real = UnitVersions.current(env: [:], testing: false, deviceTree: tree)
        #expect(real["hat"] == "1.3")
        #expect(real["rpi_machine"] == "Raspberry Pi 5 Model B Rev 1.0")
        #expect(real["hat_serial"] == "1234-abcd")
        #expect(real["firmware"] == "")
        let overridden = UnitVersions.current(env: ["HARDWARE": "1.1", "FIRMWARE": "0.3"], testing: false, deviceTree: tree)
        #expect(overridden["hat"] == "1.1")
        #expect(overridden["firmware"] == "0.3")
        let bare = UnitVersions.current(env: [:], testing: false, deviceTree: tree.appendingPathComponent("none"))
        #expect(bare["hat"] == "")
        #expect(bare["rpi_machine"] == "Raspberry Pi 3")
        #expect(bare["hat_serial"] == "00000000-0000-0000-0000-000000000000")
        #expect(UnitVersions.current(env: [:], testing: true, deviceTree: tree)["hat"] == "1.2")
        #expect(throws: JobFailure.self) { try UnitVersions.merge(real, with: .string("x")) }
    }

    @Test func launcherKnowsTheNewJobs() async throws {
        for name in ["led_automation", "led_intensity", "monitor"] { #expect(JobLauncher.runnable.contains(name)) }
        #expect(try JobEnvironment.resolve(["EXPERIMENT": "e"], longRunning: true).experiment == "$experiment")
        let unit = try TempUnit()
        defer { unit.remove() }
        let context = try await monitorContext(unit)
        let command = try #require(JobCatalog.builtIn.command(named: "monitor"))
        let job = try JobLauncher.makeJob("monitor", parsed: try RunArguments.parse([], command: command), context: context)
        #expect(job is MonitorJob)
        #expect(job.isLongRunning)
        #expect(job.publishedSettings.map(\.name) == [
            "computer_statistics", "button_down", "versions", "voltage_on_pwm_rail", "ipv4", "wlan_mac_address", "eth_mac_address",
        ])
    }
}
