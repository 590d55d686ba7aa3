import Foundation
import Testing
@testable import PioreactorCore

@Suite struct ModelHardwareCheckTests {
    @Test func reportsMissingAddressesFromTheLayeredADCConfig() throws {
        let unit = try CatalogTempUnit(copyFixture: true)
        defer { unit.cleanUp() }
        // hats/1.2 has the pico at 0x2C; the 40ml 1.5 model adds ADS1114s at 0x48 and 0x49.
        let check = ModelHardwareCheck(paths: unit.paths, hatVersion: HATVersion(major: 1, minor: 2)) { $0 == 0x48 }
        #expect(try check.run(modelName: "pioreactor_40ml", modelVersion: "1.5")
            == ["status": "warning", "reason": "missing I2C devices at 0x2c, 0x49"])
        let allThere = ModelHardwareCheck(paths: unit.paths, hatVersion: HATVersion(major: 1, minor: 2)) { _ in true }
        #expect(try allThere.run(modelName: "pioreactor_40ml", modelVersion: "1.5") == ["status": "ok"])
    }

    @Test func skipsWithAReason() throws {
        let unit = try CatalogTempUnit(copyFixture: true)
        defer { unit.cleanUp() }
        let noHAT = ModelHardwareCheck(paths: unit.paths, hatVersion: nil) { _ in true }
        #expect(try noHAT.run(modelName: "pioreactor_40ml", modelVersion: "1.5") == ["status": "skipped", "reason": "HAT not found"])
        let hat2 = ModelHardwareCheck(paths: unit.paths, hatVersion: HATVersion(major: 2, minor: 0)) { _ in true }
        #expect(try hat2.run(modelName: "pioreactor_40ml", modelVersion: "1.5")
            == ["status": "skipped", "reason": "hardware check only applies to HAT v1.x"])
        let noConfig = ModelHardwareCheck(paths: unit.paths, hatVersion: HATVersion(major: 1, minor: 0)) { _ in true }
        #expect(try noConfig.run(modelName: "pioreactor_20ml", modelVersion: "1.0")
            == ["status": "skipped", "reason": "model has no configured ADC addresses"])
    }

    @Test func badADCConfigFailsTheTask() throws {
        let unit = try CatalogTempUnit(copyFixture: false)
        defer { unit.cleanUp() }
        try unit.write("pd1: {driver: ads1114, channel: 0}\n", to: "hardware/hats/1.2/adc.yaml")
        let check = ModelHardwareCheck(paths: unit.paths, hatVersion: HATVersion(major: 1, minor: 2)) { _ in true }
        #expect(throws: HardwareConfigError.self) { try check.run(modelName: "pioreactor_40ml", modelVersion: "1.5") }
    }

    @Test func requestNeedsARegisteredPair() throws {
        let unit = try CatalogTempUnit(copyFixture: true)
        defer { unit.cleanUp() }
        let registry = ModelRegistry(paths: unit.paths)
        let ok = try ModelHardwareCheck.requestedModel(JSONObject([("model_name", "pioreactor_40ml"), ("model_version", "1.5")]), registry: registry)
        #expect(ok.name == "pioreactor_40ml" && ok.version == "1.5")
        #expect(throws: UnitError.badRequest(
            "Missing model_name or model_version", cause: "Request JSON missing model_name or model_version.",
            remediation: "Provide both model_name and model_version in the JSON payload.")) {
            try ModelHardwareCheck.requestedModel(JSONObject([("model_name", "pioreactor_40ml"), ("model_version", "")]), registry: registry)
        }
        #expect(throws: UnitError.badRequest(
            "Model name or version not found in available models.", cause: "Unknown model 'x' with version '1.5'.",
            remediation: "Use a model_name and model_version from the registered models list.")) {
            try ModelHardwareCheck.requestedModel(JSONObject([("model_name", "x"), ("model_version", 1.5)]), registry: registry)
        }
    }

    @Test func hatVersionSources() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("product_ver")
        #expect(HATVersion.detect(env: ["HARDWARE": "1.1"], testing: false, productVersionFile: file) == HATVersion(major: 1, minor: 1))
        #expect(HATVersion.detect(env: [:], testing: true, productVersionFile: file) == HATVersion(major: 1, minor: 2))
        #expect(HATVersion.detect(env: [:], testing: false, productVersionFile: file) == nil)
        try Data("0x0012\0".utf8).write(to: file)
        #expect(HATVersion.detect(env: [:], testing: false, productVersionFile: file) == HATVersion(major: 1, minor: 2))
    }
}
