import Testing
@testable import PioreactorCore

@Suite struct ConfigOverrideTests {
    @Test func leadingTriplesAreSplitOff() throws {
        let (overrides, rest) = try ConfigOverride.splitLeading(
            ["--config-override", "stirring.config", "pwm_hz", "210", "--config-override", "a", "b", "--odd", "stirring", "--target-rpm", "400"])
        #expect(overrides == [ConfigOverride(section: "stirring.config", key: "pwm_hz", value: "210"), ConfigOverride(section: "a", key: "b", value: "--odd")])
        #expect(rest == ["stirring", "--target-rpm", "400"])
        #expect(throws: ConfigOverrideError.needsThreeValues) { try ConfigOverride.splitLeading(["--config-override", "a", "b"]) }
    }

    @Test func overridesChangeTheMergedConfigOnly() throws {
        let config = try MergedConfig.build(sharedText: "[cluster.topology]\nleader_hostname=a\nleader_address=b\n[stirring.config]\npwm_hz=200\n")
        let changed = try config.applying([ConfigOverride(section: "stirring.config", key: "pwm_hz", value: "210"),
                                           ConfigOverride(section: "new", key: "k", value: "v")])
        #expect(try changed.value("stirring.config", "pwm_hz") == "210")
        #expect(try changed.value("new", "k") == "v")
        #expect(try config.value("stirring.config", "pwm_hz") == "200")
        #expect(throws: ConfigError.self) { try config.applying([ConfigOverride(section: "x", key: "k", value: "50%")]) }
    }
}
