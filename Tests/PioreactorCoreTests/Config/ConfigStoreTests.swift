import Foundation
import Testing

@testable import PioreactorCore

/// GET /config/merged, GET and POST /config/specific against real files.
@Suite struct ConfigStoreTests {
    static let readRemediation = "Check config.ini and unit_config.ini on this unit, then retry."
    static let validateRemediation = "Check shared and unit-specific configuration values, then retry."

    @Test func mergedJSONOfFixtureMatchesReference() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        let json = try env.store.mergedJSON()
        #expect(json.encoded() == (try JSONValue.parse(ConfigParityCases.fixtureMerged)).encoded())
        #expect(json["stirring.config"]?["initial_target_rpm"] == "450")
        #expect(json["od_reading.config"]?["ir_led_intensity"] == "65")
    }

    @Test func mergedRereadsFilesOnEveryCall() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        #expect(try env.store.mergedJSON()["stirring.config"]?["initial_target_rpm"] == "450")
        try env.write("[stirring.config]\ninitial_target_rpm=321\n", to: env.paths.unitConfig)
        #expect(try env.store.mergedJSON()["stirring.config"]?["initial_target_rpm"] == "321")
        try FileManager.default.removeItem(at: env.paths.unitConfig)
        #expect(try env.store.mergedJSON()["stirring.config"]?["initial_target_rpm"] == "500")
    }

    @Test(arguments: [nil, "", "  \n\n"])
    func missingOrBlankSharedConfigFails(_ content: String?) throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        if let content {
            try env.write(content, to: env.paths.globalConfig)
        } else {
            try FileManager.default.removeItem(at: env.paths.globalConfig)
        }
        #expect(
            throws: UnitError(500, "Failed to read merged config", cause: "config.ini is missing on this unit.", remediation: Self.readRemediation)
        ) {
            try env.store.mergedJSON()
        }
        #expect(throws: UnitError.self) { try env.store.merged() }
    }

    @Test func mergedFailureCarriesPythonMessage() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        try env.write("[cluster.topology]\nleader_hostname=h\n[x]\ny=1\n", to: env.paths.globalConfig)
        #expect(
            throws: UnitError(
                500, "Failed to read merged config", cause: "No option 'leader_address' in section: 'cluster.topology'",
                remediation: Self.readRemediation)
        ) {
            try env.store.mergedJSON()
        }
        try env.write("[cluster.topology]\nleader_hostname=h\nleader_address=a\n[x]\ny=5%\n", to: env.paths.globalConfig)
        // Building works (jobs only fail on the values they read); rendering every value does not.
        #expect(try env.store.merged().value("cluster.topology", "leader_address") == "a")
        #expect(
            throws: UnitError(
                500, "Failed to read merged config", cause: "'%' must be followed by '%' or '(', found: '%'",
                remediation: Self.readRemediation)
        ) {
            try env.store.mergedJSON()
        }
    }

    @Test func filesWithCRLFAreReadWithUniversalNewlines() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        try env.write("[cluster.topology]\r\nleader_hostname=h\r\nleader_address=a\r\n[x]\rk=v\r\n", to: env.paths.globalConfig)
        try env.write("", to: env.paths.unitConfig)
        let json = try env.store.mergedJSON()
        #expect(json == ["cluster.topology": ["leader_hostname": "h", "leader_address": "a"], "x": ["k": "v"], "cluster.addresses": ["h": "a"]])
    }

    @Test func unitConfigTextIsRawOrEmpty() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        let raw = try String(contentsOf: env.paths.unitConfig, encoding: .utf8)
        #expect(env.store.unitConfigText() == raw)
        try FileManager.default.removeItem(at: env.paths.unitConfig)
        #expect(env.store.unitConfigText() == "")
    }

    @Test func saveWritesNormalizedText() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        let code = "# mine\n[stirring.config]\ninitial_target_rpm=400 ; inline stays\n\n[dosing_automation.config]\nmax_subdose=\u{2013}1\u{2014}2\n"
        try env.store.saveUnitConfig(code: code)
        let written = try String(contentsOf: env.paths.unitConfig, encoding: .utf8)
        #expect(written == "# mine\n[stirring.config]\ninitial_target_rpm=400 ; inline stays\n\n[dosing_automation.config]\nmax_subdose=-1-2\n")
        #expect(env.store.unitConfigText() == written)
        let json = try env.store.mergedJSON()
        #expect(json["stirring.config"]?["initial_target_rpm"] == "400 ; inline stays")
        #expect(json["dosing_automation.config"]?["max_subdose"] == "-1-2")
    }

    @Test func saveAcceptsUnitValueReferencedFromSharedConfig() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        try env.write(
            "[cluster.topology]\nleader_hostname=h\nleader_address=a\n[mqtt]\nbroker_address=%(host)s.local\nhost=leader\n",
            to: env.paths.globalConfig)
        try env.store.saveUnitConfig(code: "[mqtt]\nhost=worker9\n")
        #expect(try env.store.merged().string("mqtt", "broker_address") == "worker9.local")
        // A reference to a key that only the new unit text would remove cannot happen: keys can't be deleted.
        try env.store.saveUnitConfig(code: "")
        #expect(try env.store.merged().string("mqtt", "broker_address") == "leader.local")
    }

    static let rejected: [(code: String, error: UnitError)] = [
        ("[a]\nx=1\n[b]\n[a]\n", .badRequest("Duplicate section [a] was found. Please fix and try again.")),
        ("[a]\nx=1\nx=2\n", .badRequest("Duplicate option, `x`, was found in section [a]. Please fix and try again.")),
        ("[DEFAULT]\nx=1\n[DEFAULT]\nx=2\n", .badRequest("Duplicate option, `x`, was found in section [DEFAULT]. Please fix and try again.")),
        ("before the header\n[a]\nx=1\n", .badRequest("Incorrect syntax. Please fix and try again.")),
        ("[a]\n= no key\n", .badRequest("Incorrect syntax. Please fix and try again.")),
        ("[a]\nflag\n  continued\n", .badRequest("Incorrect syntax. Please fix and try again.")),
        (
            "[stirring.config]\nduty=50%\n",
            UnitError(400, "Failed to validate merged config", cause: "'%' must be followed by '%' or '(', found: '%'", remediation: validateRemediation)
        ),
        (
            "[x]\ny=%(nope)s\n",
            UnitError(
                400, "Failed to validate merged config",
                cause: "Bad value substitution: option 'y' in section 'x' contains an interpolation key 'nope' which is not a valid option name. Raw value: '%(nope)s'",
                remediation: validateRemediation)
        ),
        ("[cluster.topology]\nleader_address=a%%b\n", .badRequest("invalid interpolation syntax in 'a%b' at position 1")),
    ]

    @Test(arguments: rejected.indices)
    func invalidTextIsRejectedAndFileUnchanged(_ index: Int) throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        let before = try env.bytes(env.paths.unitConfig)
        let testCase = Self.rejected[index]
        #expect(throws: testCase.error) { try env.store.saveUnitConfig(code: testCase.code) }
        #expect(try env.bytes(env.paths.unitConfig) == before)
    }

    @Test func missingTopologyKeyIs400() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        try env.write("[cluster.topology]\nleader_hostname=h\n", to: env.paths.globalConfig)
        let before = try env.bytes(env.paths.unitConfig)
        #expect(throws: UnitError.badRequest("Missing required field(s): No option 'leader_address' in section: 'cluster.topology'")) {
            try env.store.saveUnitConfig(code: "[x]\ny=1\n")
        }
        // Supplying the key in the unit text fixes it.
        try env.store.saveUnitConfig(code: "[cluster.topology]\nleader_address=10.0.0.1\n")
        #expect(try env.bytes(env.paths.unitConfig) != before)
        #expect(try env.store.mergedJSON()["cluster.addresses"] == ["h": "10.0.0.1"])
    }

    @Test func missingSharedConfigOnSaveIs500() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        try FileManager.default.removeItem(at: env.paths.globalConfig)
        let before = try env.bytes(env.paths.unitConfig)
        #expect(
            throws: UnitError(500, "Failed to validate merged config", cause: "config.ini is missing on this unit.", remediation: Self.validateRemediation)
        ) {
            try env.store.saveUnitConfig(code: "[x]\ny=1\n")
        }
        #expect(try env.bytes(env.paths.unitConfig) == before)
    }

    @Test func writeFailureIs500() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        let nowhere = env.root.appendingPathComponent("missing-dir/unit_config.ini")
        let paths = UnitPaths(dotPioreactor: env.root, runPioreactor: env.root, unitConfig: nowhere)
        #expect(
            throws: UnitError(
                500, "Failed to write unit-specific config", cause: "[Errno 2] No such file or directory: '\(nowhere.path)'",
                remediation: "Check filesystem permissions and retry.")
        ) {
            try ConfigStore(paths: paths).saveUnitConfig(code: "[x]\ny=1\n")
        }
    }

    @Test func saveKeepsFileModeAndCreatesMissingFile() throws {
        let env = try ConfigTestSupport()
        defer { env.remove() }
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: env.paths.unitConfig.path)
        try env.store.saveUnitConfig(code: "[x]\ny=1\n")
        let mode = try FileManager.default.attributesOfItem(atPath: env.paths.unitConfig.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o640)

        try FileManager.default.removeItem(at: env.paths.unitConfig)
        try env.store.saveUnitConfig(code: "[x]\ny=2\n")
        #expect(env.store.unitConfigText() == "[x]\ny=2\n")
        // No temp files are left next to it.
        let names = try FileManager.default.contentsOfDirectory(atPath: env.root.path).sorted()
        #expect(names == ["config.ini", "unit_config.ini"])
    }

    @Test func normalizeDashesOnlyTouchesEnAndEmDashes() {
        #expect(ConfigStore.normalizeDashes("a\u{2013}b\u{2014}c\u{2012}d-e") == "a-b-c\u{2012}d-e")
        // A combining mark after the dash must not hide it (Swift would fuse them into one Character).
        #expect(ConfigStore.normalizeDashes("\u{2013}\u{301}") == "-\u{301}")
    }
}
