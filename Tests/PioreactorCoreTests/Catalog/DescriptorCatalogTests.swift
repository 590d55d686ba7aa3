import Foundation
import Testing
@testable import PioreactorCore

@Suite("DescriptorCatalog")
struct DescriptorCatalogTests {
    /// Reference output (pioreactor 26.4.4) for the fixture plus the files of `addScenarioFiles`.
    static let expectedJobs = #"[{"display_name":"Plugin stirring","job_name":"stirring","display":false,"published_settings":[],"source":null,"description":null,"subtext":null,"is_testing":false},{"display_name":"Optical density","job_name":"od_reading","display":true,"published_settings":[{"key":"interval","type":"numeric","display":false,"description":null,"default":null,"unit":"s","label":"Seconds between readings","editable":true}],"source":"app","description":"Measure optical density with the IR LED and photodiodes.","subtext":null,"is_testing":false},{"display_name":"Dosing automation","job_name":"dosing_automation","display":true,"published_settings":[{"key":"automation_name","type":"string","display":true,"description":null,"default":null,"unit":null,"label":"Automation","editable":false}],"source":"app","description":"Add and remove liquid according to the chosen automation.","subtext":null,"is_testing":false},{"display_name":"Self test","job_name":"self_test","display":false,"published_settings":[],"source":"app","description":null,"subtext":null,"is_testing":false},{"display_name":"M","job_name":"multi","display":true,"published_settings":[{"key":"k","type":"json","display":false,"description":null,"default":null,"unit":null,"label":null,"editable":false}],"source":null,"description":"line one\nline two\n","subtext":null,"is_testing":false},{"display_name":"Relay","job_name":"relay","display":true,"published_settings":[{"key":"is_on","type":"boolean","display":true,"description":null,"default":true,"unit":null,"label":null,"editable":true}],"source":"relay_plugin","description":null,"subtext":null,"is_testing":false}]"#

    static func addScenarioFiles(_ unit: CatalogTempUnit) throws {
        try unit.write("display_name: Plugin stirring\njob_name: stirring\ndisplay: false\npublished_settings: []\n", to: "plugins/ui/jobs/10_stirring_override.yaml")
        try unit.write("display_name: Relay\njob_name: relay\ndisplay: true\nsource: relay_plugin\npublished_settings:\n  - key: is_on\n    type: boolean\n    display: true\n    default: true\n", to: "plugins/ui/jobs/20_relay.yml")
        try unit.write("display_name: [oops\n", to: "ui/jobs/60_bad.yaml")
        try unit.write("display_name: X\njob_name: x\ndisplay: true\npublished_settings: []\nfoo: 1\n", to: "ui/jobs/61_unknown.yaml")
        try unit.write("display_name: T\njob_name: typed\ndisplay: true\npublished_settings: [{key: a, type: bad, display: true}]\n", to: "ui/jobs/62_badenum.yaml")
        try unit.write("display_name: M\njob_name: multi\ndisplay: yes\npublished_settings:\n  - key: k\n    type: json\n    display: false\n    editable: off\ndescription: |\n  line one\n  line two\n", to: "ui/jobs/70_multiline.yaml")
        try unit.write("display_name: E\njob_name: example\ndisplay: true\npublished_settings: []\n", to: "ui/jobs/80_x.yaml.example")
    }

    @Test func fixtureJobDescriptorsHaveEveryFieldInOrder() throws {
        let unit = try CatalogTempUnit(copyFixture: true)
        defer { unit.cleanUp() }
        let (jobs, warnings) = DescriptorCatalog(paths: unit.paths).jobDescriptors()
        #expect(warnings.isEmpty)
        let names = jobs.arrayValue?.compactMap { $0["job_name"]?.stringValue }
        #expect(names == ["stirring", "od_reading", "dosing_automation", "self_test"])
        let first = try #require(jobs.arrayValue?.first?.objectValue)
        #expect(first.keys == ["display_name", "job_name", "display", "published_settings", "source", "description", "subtext", "is_testing"])
        let setting = try #require(first["published_settings"]?.arrayValue?.first?.objectValue)
        #expect(setting.keys == ["key", "type", "display", "description", "default", "unit", "label", "editable"])
    }

    @Test func mergeOverrideBadFilesAndExampleMatchTheReference() throws {
        let unit = try CatalogTempUnit(copyFixture: true)
        defer { unit.cleanUp() }
        try Self.addScenarioFiles(unit)
        let (jobs, warnings) = DescriptorCatalog(paths: unit.paths).jobDescriptors()
        #expect(jobs.encoded() == Self.expectedJobs)
        #expect(warnings.count == 3)
        #expect(warnings.first?.hasPrefix("Yaml error in 60_bad.yaml: ") == true)
        #expect(warnings.dropFirst().first == "Yaml error in 61_unknown.yaml: Object contains unknown field `foo`")
        #expect(warnings.last == "Yaml error in 62_badenum.yaml: Invalid enum value 'bad' - at `$.published_settings[0].type`")
    }

    @Test func validationMessagesAreWordedLikeMsgspec() throws {
        let unit = try CatalogTempUnit(copyFixture: false)
        defer { unit.cleanUp() }
        let cases: [(String, String)] = [
            ("display_name: 1\n", "Expected `str`, got `int` - at `$.display_name`"),
            ("- 1\n", "Expected `object`, got `array`"),
            ("display_name: a\njob_name: b\ndisplay: yes\npublished_settings: x\n", "Expected `array`, got `str` - at `$.published_settings`"),
            ("display_name: a\njob_name: b\ndisplay: yes\npublished_settings: []\nsource: 3\n", "Expected `str | null`, got `int` - at `$.source`"),
            ("display_name: a\njob_name: b\ndisplay: yes\npublished_settings: [{key: a, type: json, display: true, default: 3}]\n", "Expected `bool | str | null`, got `int` - at `$.published_settings[0].default`"),
            ("display_name: a\njob_name: b\ndisplay: yes\npublished_settings: [{key: a, display: true}]\n", "Object missing required field `type` - at `$.published_settings[0]`"),
            ("display_name: a\njob_name: b\ndisplay: yes\nis_testing: null\npublished_settings: []\n", "Expected `bool`, got `null` - at `$.is_testing`"),
            ("display_name: 2025-01-01\n", "Expected `str`, got `date` - at `$.display_name`"),
            ("display_name: 2.5\n", "Expected `str`, got `float` - at `$.display_name`"),
            ("", "Expected `object`, got `null`"),
        ]
        for (index, (yaml, message)) in cases.enumerated() {
            try unit.write(yaml, to: "ui/jobs/\(index).yaml")
        }
        let (jobs, warnings) = DescriptorCatalog(paths: unit.paths).jobDescriptors()
        #expect(jobs == .array([]))
        #expect(warnings == cases.enumerated().map { "Yaml error in \($0.offset).yaml: \($0.element.1)" })
    }

    /// Descriptors are read with the calibrations' PyYAML-typed loader, so aliases and merge keys
    /// work as in the reference (the catalog's own loader refused aliases and ignored `<<`).
    @Test func aliasesAndMergeKeysWorkAsInPyYAML() throws {
        let unit = try CatalogTempUnit(copyFixture: false)
        defer { unit.cleanUp() }
        let yaml = "display_name: &name Anchored\njob_name: anchored\ndisplay: on\ndescription: *name\n"
            + "published_settings:\n  - &first {key: a, type: numeric, display: true, unit: s}\n  - <<: *first\n    key: b\n"
        try unit.write(yaml, to: "ui/jobs/anchored.yaml")
        let (jobs, warnings) = DescriptorCatalog(paths: unit.paths).jobDescriptors()
        #expect(warnings.isEmpty)
        let job = try #require(jobs.arrayValue?.first)
        #expect(job["description"] == "Anchored" && job["display"] == .bool(true))
        let settings = try #require(job["published_settings"]?.arrayValue)
        #expect(settings.map { $0["key"] } == ["a", "b"])
        #expect(settings.map { $0["unit"] } == ["s", "s"] && settings[1]["type"] == "numeric")
    }

    @Test func missingFoldersGiveAnEmptyList() throws {
        let unit = try CatalogTempUnit(copyFixture: false)
        defer { unit.cleanUp() }
        let catalog = DescriptorCatalog(paths: unit.paths)
        #expect(catalog.jobDescriptors().0 == .array([]))
        #expect(try catalog.automationDescriptors(type: "led") == .array([]))
    }

    @Test func automationDescriptorsMergeAndRenderDefaults() throws {
        let unit = try CatalogTempUnit(copyFixture: true)
        defer { unit.cleanUp() }
        try unit.write("display_name: Plugin chemostat\nautomation_name: chemostat\ndescription: |\n  Plugin text\nfields:\n  - key: duration\n    default: 1\n    label: D\n", to: "plugins/ui/automations/dosing/01_chemostat.yaml")
        try unit.write("display_name: New\nautomation_name: newone\ndescription: n\nfields: [{key: k, default: true, label: l}]\n", to: "plugins/ui/automations/dosing/02_bad.yaml")
        let (dosing, warnings) = try DescriptorCatalog(paths: unit.paths).automationDescriptorsWithWarnings(type: "dosing")
        let names = dosing.arrayValue?.compactMap { $0["automation_name"]?.stringValue }
        #expect(names == ["chemostat", "turbidostat", "silent"])
        #expect(dosing.arrayValue?.first?.encoded() == #"{"display_name":"Plugin chemostat","automation_name":"chemostat","description":"Plugin text\n","source":null,"fields":[{"key":"duration","default":1,"label":"D","disabled":false,"required":true,"unit":null,"type":"numeric","options":null}]}"#)
        #expect(warnings == ["Yaml error in 02_bad.yaml: Expected `int | float | str | null`, got `bool` - at `$.fields[0].default`"])
        let turbidostat = try #require(dosing.arrayValue?.dropFirst().first)
        #expect(turbidostat["fields"]?.arrayValue?.last?.encoded() == #"{"key":"biomass_signal","default":"auto","label":"Biomass signal","disabled":false,"required":true,"unit":null,"type":"select","options":["auto","od","normalized_od"]}"#)
        let silent = try #require(dosing.arrayValue?.last)
        #expect(silent["fields"] == .array([]))
    }

    @Test func temperatureAndLEDTypesAreAccepted() throws {
        let unit = try CatalogTempUnit(copyFixture: true)
        defer { unit.cleanUp() }
        let catalog = DescriptorCatalog(paths: unit.paths)
        let temperature = try catalog.automationDescriptors(type: "temperature")
        #expect(temperature.arrayValue?.compactMap { $0["automation_name"]?.stringValue } == ["thermostat", "only_record_temperature"])
        #expect(temperature.arrayValue?.first?["fields"]?.arrayValue?.first?["default"] == .int(30))
        let led = try catalog.automationDescriptors(type: "led")
        #expect(led.arrayValue?.count == 1)
    }

    @Test func invalidAutomationTypeIsA400() throws {
        let unit = try CatalogTempUnit(copyFixture: true)
        defer { unit.cleanUp() }
        let catalog = DescriptorCatalog(paths: unit.paths)
        for bad in ["pump", "", "Dosing", "../dosing"] {
            #expect(throws: UnitError(400, "Not a valid automation type", cause: "Not a valid automation type", remediation: "choose one of 'temperature', 'dosing', 'led'")) {
                try catalog.automationDescriptors(type: bad)
            }
        }
    }

    @Test func globMatchesLikePathlib() {
        #expect(DescriptorCatalog.matchesYAMLGlob("a.yaml"))
        #expect(DescriptorCatalog.matchesYAMLGlob("a.yml"))
        #expect(DescriptorCatalog.matchesYAMLGlob(".h.yaml"))
        #expect(!DescriptorCatalog.matchesYAMLGlob("a.yaml.example"))
        #expect(!DescriptorCatalog.matchesYAMLGlob("d.xyml"))
        #expect(!DescriptorCatalog.matchesYAMLGlob("a.json"))
    }
}
