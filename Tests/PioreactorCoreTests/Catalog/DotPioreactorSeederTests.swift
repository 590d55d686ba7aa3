import Foundation
import Testing
@testable import PioreactorCore

@Suite("DotPioreactorSeeder")
struct DotPioreactorSeederTests {
    static func snapshot(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            let relative = String(url.path.dropFirst(root.path.count))
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            files[relative] = isDirectory.boolValue ? Data("<dir>".utf8) : try Data(contentsOf: url)
        }
        return files
    }

    @Test func seedsAnEmptyFolderThenChangesNothing() throws {
        let unit = try CatalogTempUnit(copyFixture: false)
        defer { unit.cleanUp() }
        #expect(try DotPioreactorSeeder.seed(paths: unit.paths, unitName: "pio07"))
        let dot = unit.paths.dotPioreactor
        for folder in ["storage/calibrations", "storage/estimators", "plugins"] {
            #expect(FileManager.default.fileExists(atPath: dot.appendingPathComponent(folder).path))
        }
        #expect(try String(contentsOf: unit.paths.unitConfig, encoding: .utf8) == "")
        let config = try String(contentsOf: unit.paths.globalConfig, encoding: .utf8)
        #expect(config.contains("[cluster.topology]\n# should be a hostname defined on the network\nleader_hostname=pio07\n"))
        #expect(config.contains("leader_address=127.0.0.1"))
        #expect(config.contains("database=\(unit.paths.storage.path)/pioreactor.sqlite\n"))
        #expect(config.contains("temporary_cache=\(unit.paths.runCache.path)/local_intermittent_pioreactor_metadata.sqlite\n"))
        #expect(config.contains("persistent_cache=\(unit.paths.storage.path)/local_persistent_pioreactor_metadata.sqlite\n"))

        let before = try Self.snapshot(unit.root)
        #expect(try DotPioreactorSeeder.seed(paths: unit.paths, unitName: "other") == false)
        #expect(try Self.snapshot(unit.root) == before)
    }

    @Test func seededDescriptorsDecodeWithoutWarnings() throws {
        let unit = try CatalogTempUnit(copyFixture: false)
        defer { unit.cleanUp() }
        _ = try DotPioreactorSeeder.seed(paths: unit.paths, unitName: "pio07")
        let catalog = DescriptorCatalog(paths: unit.paths)
        let (jobs, warnings) = catalog.jobDescriptors()
        #expect(warnings.isEmpty)
        #expect(jobs.arrayValue?.compactMap { $0["job_name"]?.stringValue } == [
            "stirring", "od_reading", "growth_rate_calculating", "temperature_automation", "dosing_automation", "leds",
            "led_automation", "add_media", "remove_waste", "add_alt_media", "pwms", "circulate_media",
            "circulate_alt_media", "self_test", "od_blank", "stirring_calibration",
        ])
        let expected: [String: [String]] = [
            "dosing": ["chemostat", "turbidostat", "fed_batch", "pid_morbidostat", "silent"],
            "led": ["light_dark_cycle", "silent"],
            "temperature": ["thermostat", "only_record_temperature"],
        ]
        for (type, names) in expected {
            let (list, automationWarnings) = try catalog.automationDescriptorsWithWarnings(type: type)
            #expect(automationWarnings.isEmpty)
            #expect(list.arrayValue?.compactMap { $0["automation_name"]?.stringValue } == names)
        }
        let dosing = try catalog.automationDescriptors(type: "dosing").arrayValue ?? []
        let turbidostat = dosing[1]
        #expect(turbidostat["description"] == "Every 15s, check if the biomass signal is above the target value. If so, exchange volume amount.\n")
        #expect(turbidostat["fields"]?.arrayValue?.map { $0["default"] } == [.null, .double(1.0)])
        let morbidostat = dosing[3]
        #expect(morbidostat["fields"]?.arrayValue?.last?["default"] == .double(2.0))
        let light = try #require(try catalog.automationDescriptors(type: "led").arrayValue?.first)
        #expect(light["fields"]?.arrayValue?.first?["disabled"] == true)
    }

    @Test func neverOverwritesExistingFilesOrRefillsExistingFolders() throws {
        let unit = try CatalogTempUnit(copyFixture: true)
        defer { unit.cleanUp() }
        let configBefore = try Data(contentsOf: unit.paths.globalConfig)
        // The fixture already has every folder and both config files: nothing to create.
        #expect(try DotPioreactorSeeder.seed(paths: unit.paths, unitName: "pio07") == false)
        #expect(try Data(contentsOf: unit.paths.globalConfig) == configBefore)
        let jobs = DescriptorCatalog.descriptorFiles(in: unit.paths.ui.appendingPathComponent("jobs")).map(\.lastPathComponent)
        #expect(jobs == ["00_stirring.yaml", "01_od_reading.yaml", "04_dosing_automation.yaml", "50_self_test.yaml"])
        // Removing a config file brings back only that file.
        try FileManager.default.removeItem(at: unit.paths.unitConfig)
        #expect(try DotPioreactorSeeder.seed(paths: unit.paths, unitName: "pio07"))
        #expect(try Data(contentsOf: unit.paths.globalConfig) == configBefore)
        #expect(try String(contentsOf: unit.paths.unitConfig, encoding: .utf8) == "")
    }

    @Test func aFileWhereAFolderShouldBeIsAnError() throws {
        let unit = try CatalogTempUnit(copyFixture: false)
        defer { unit.cleanUp() }
        try unit.write("not a folder", to: "plugins")
        #expect(throws: (any Error).self) {
            try DotPioreactorSeeder.seed(paths: unit.paths, unitName: "pio07")
        }
    }
}
