import Foundation
import Testing
@testable import PioreactorCore

@Suite struct JobLaunchCommandTests {
    @Test func buildsTheSpecExampleArgv() throws {
        let body = try ArgsOptionsEnvs.decode(JSONValue.parse(#"""
            {"args": ["x"], "options": {"target_rpm": 400, "some_flag": null},
             "env": {"EXPERIMENT": "exp1", "TESTING": "1"},
             "config_overrides": [["stirring.config", "pwm_hz", "100"]]}
            """#), allowConfigOverrides: true)
        let command = try JobLaunchCommand.make(jobName: "stirring", body: body, pioExecutable: "/opt/pio", testing: false)
        #expect(command.argv == [
            "/opt/pio", "run", "--config-override", "stirring.config", "pwm_hz", "100",
            "stirring", "x", "--target-rpm", "400", "--some-flag",
        ])
        // The server's own testing mode always wins.
        #expect(command.env == ["EXPERIMENT": "exp1", "TESTING": "0"])
    }

    @Test func optionsRenderLikePython() throws {
        let body = try ArgsOptionsEnvs.decode(JSONValue.parse(#"{"options": {"a": true, "b": 1.0, "c": ["x"], "d": "text"}}"#))
        let command = try JobLaunchCommand.make(jobName: "led_intensity", body: body, pioExecutable: "pio", testing: true)
        #expect(command.argv == ["pio", "run", "led_intensity", "--a", "True", "--b", "1.0", "--c", "['x']", "--d", "text"])
        #expect(command.env == ["TESTING": "1"])
    }

    @Test func configOverrideMustBeATriple() throws {
        let body = try ArgsOptionsEnvs.decode(JSONValue.parse(#"{"config_overrides": [["a", "b", "c"], ["only", "two"]]}"#), allowConfigOverrides: true)
        #expect(throws: UnitError(400, "Each config override must be [section, key, value]",
                                  cause: "Received 2 items at $.config_overrides[1].",
                                  remediation: "Send config_overrides as a list of [section, key, value] string triples.")) {
            try JobLaunchCommand.make(jobName: "stirring", body: body, pioExecutable: "pio", testing: false)
        }
    }

    @Test func executableComesFromEnvOrOwnPath() {
        #expect(JobLaunchCommand.pioExecutable(env: ["PIO_EXECUTABLE": "/opt/venv/bin/pio"], argv0: "x") == "/opt/venv/bin/pio")
        #expect(JobLaunchCommand.pioExecutable(env: [:], argv0: "/usr/local/bin/../bin/pio") == "/usr/local/bin/pio")
        #expect(JobLaunchCommand.pioExecutable(env: [:], argv0: ".build/debug/pio", currentDirectory: "/src") == "/src/.build/debug/pio")
        #expect(JobLaunchCommand.pioExecutable(env: ["PATH": "/nonexistent:/bin"], argv0: "sh") == "/bin/sh")
    }
}
