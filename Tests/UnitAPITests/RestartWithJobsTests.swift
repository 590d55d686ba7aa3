import Foundation
import PioreactorCore
import Testing

/// What systemd does on an update or a crash: the server restarts on the same port while jobs
/// it started keep running. Jobs must hold none of the server's descriptors, or the new server
/// cannot bind.
@Suite(.serialized) struct RestartWithJobsTests {
    static let env = #""env": {"EXPERIMENT": "exp1", "JOB_SOURCE": "user"}"#

    @Test func restartOnTheSamePortKeepsTheJobs() async throws {
        let unit = try LiveUnit(speedup: 20)
        defer { unit.close() }
        let first = try await unit.startServer()
        let jobs = ["stirring", "od_reading", "temperature_automation"]
        let bodies = [
            #"{"options": {"target_rpm": 400}, \#(Self.env)}"#,
            #"{"options": {}, \#(Self.env)}"#,
            #"{"options": {"automation_name": "thermostat", "target_temperature": 32}, \#(Self.env)}"#,
        ]
        for (job, body) in zip(jobs, bodies) {
            #expect(await unit.request(first.port, "POST", "/jobs/run/job_name/\(job)", body)?.status == 202)
        }
        #expect(try await unit.waitFor(first.port, "/jobs/running") { Set(LiveUnit.jobNames($0)) == Set(jobs) })
        let running = try #require(await unit.request(first.port, "GET", "/jobs/running")?.body.arrayValue)
        let pids = running.compactMap { $0["pid"]?.numberValue }.map { pid_t($0) }
        #expect(pids.count == jobs.count)
        // The server was started on port 0; its jobs were told the port it got (the monitor's check).
        for pid in pids {
            let environ = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
            #expect(environ.split(separator: 0).contains(Data("PIO_UI_PORT=\(first.port)".utf8)), "job \(pid) knows the port")
        }

        // No job holds a socket or pipe of the server's (its listening socket, the request's connection).
        let serverShared = Set(LiveUnit.descriptors(of: first.pid).values.filter { $0.hasPrefix("socket:") || $0.hasPrefix("pipe:") })
        #expect(!serverShared.isEmpty)
        for pid in pids {
            let held = Set(LiveUnit.descriptors(of: pid).values)
            #expect(held.isDisjoint(with: serverShared), "job \(pid) holds \(held.intersection(serverShared))")
        }
        // After the start-up window, a job's output goes to the unit log, not an unlinked temp file.
        for pid in pids {
            #expect(try await LiveUnit.eventually(seconds: 10) {
                let out = LiveUnit.descriptors(of: pid)
                return out[1] == unit.logFile.path && out[2] == unit.logFile.path ? true : nil
            } == true, "job \(pid) stdout: \(LiveUnit.descriptors(of: pid)[1] ?? "-")")
        }

        #expect(try await unit.stopServer(first.pid))
        let restarted = Date()
        let second = try await unit.startServer(port: first.port, seconds: 1)
        #expect(Date().timeIntervalSince(restarted) < 1)
        let listed = try #require(await unit.request(second.port, "GET", "/jobs/running")?.body)
        #expect(LiveUnit.jobNames(listed) == jobs.sorted(), "every job listed once")

        #expect(await unit.request(second.port, "PATCH", "/jobs/settings/job_name/stirring", #"{"settings": {"target_rpm": 550}}"#)?.status == 200)
        #expect(try await unit.waitFor(second.port, "/jobs/settings/job_name/stirring/setting/target_rpm", seconds: 5) {
            $0["target_rpm"]?.numberValue == 550
        })
        #expect(await unit.request(second.port, "POST", "/jobs/stop", #"{"experiment": "exp1"}"#)?.status == 202)
        #expect(try await unit.waitFor(second.port, "/jobs/running") { $0.arrayValue?.isEmpty == true })
        for pid in pids {
            #expect(try await LiveUnit.eventually(seconds: 10) { Self.isGone(pid) ? true : nil } == true, "job \(pid) exits")
        }
    }

    /// Exited: no such process, or a zombie nobody has reaped yet (it was reparented).
    static func isGone(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }
}
