import Foundation
import Testing
@testable import PioreactorCore

@Suite("ModelRegistry")
struct ModelRegistryTests {
    @Test func builtInsMatchTheSpecTable() throws {
        let unit = try CatalogTempUnit(copyFixture: false)
        defer { unit.cleanUp() }
        let registry = ModelRegistry(paths: unit.paths)
        #expect(registry.models().count == 7)
        let model = try #require(registry.model(name: "pioreactor_20ml", version: "1.0"))
        #expect(model.displayName == "Pioreactor 20ml, v1.0")
        #expect(model.reactorCapacityML == 20 && model.reactorMaxFillVolumeML == 18 && model.reactorDiameterMM == 27)
        #expect(model.maxTempToReduceHeating == 63 && model.maxTempToDisableHeating == 65 && model.maxTempToShutdown == 66)
        #expect(model.isLegacy && !model.isContrib)
        let xr = try #require(registry.model(name: "pioreactor_40ml_XR", version: "1.5"))
        #expect(xr.reactorMaxFillVolumeML == 38 && xr.maxTempToShutdown == 85 && !xr.isLegacy)
        #expect(registry.model(name: "pioreactor_40ml", version: "2.0") == nil)
        #expect(xr.json.encoded() == #"{"model_name":"pioreactor_40ml_XR","model_version":"1.5","display_name":"Pioreactor 40ml XR, v1.5","reactor_capacity_ml":40.0,"reactor_diameter_mm":27.0,"reactor_max_fill_volume_ml":38.0,"max_temp_to_reduce_heating":78.0,"max_temp_to_disable_heating":80.0,"max_temp_to_shutdown":85.0,"is_legacy":false,"is_contrib":false}"#)
    }

    @Test func contribModelsOverrideAndBadFilesAreSkipped() throws {
        let unit = try CatalogTempUnit(copyFixture: false)
        defer { unit.cleanUp() }
        try unit.write("""
            model_name: pioreactor_40ml
            model_version: "1.5"
            display_name: Custom 40ml
            reactor_capacity_ml: 45
            reactor_diameter_mm: 28.5
            reactor_max_fill_volume_ml: 42
            max_temp_to_reduce_heating: 70
            max_temp_to_disable_heating: 72
            max_temp_to_shutdown: 75
            is_legacy: true
            is_contrib: false
            extra_field: ignored
            """, to: "models/custom.yaml")
        try unit.write("""
            model_name: big
            model_version: "2.0"
            display_name: Big
            reactor_capacity_ml: 250
            reactor_diameter_mm: 60
            reactor_max_fill_volume_ml: 240
            max_temp_to_reduce_heating: 70
            max_temp_to_disable_heating: 72
            max_temp_to_shutdown: 75
            """, to: "models/big.yml")
        // An unquoted version is a float in YAML, which the reference rejects.
        try unit.write("model_name: bad\nmodel_version: 1.5\ndisplay_name: Bad\n", to: "models/bad.yaml")
        try unit.write("model_name: [broken\n", to: "models/broken.yaml")
        let registry = ModelRegistry(paths: unit.paths)
        let (models, warnings) = registry.modelsWithWarnings()
        #expect(models.count == 8)
        #expect(models.first?.displayName == "Custom 40ml")
        let custom = try #require(registry.model(name: "pioreactor_40ml", version: "1.5"))
        #expect(custom.reactorCapacityML == 45 && custom.reactorDiameterMM == 28.5 && custom.reactorMaxFillVolumeML == 42)
        #expect(!custom.isLegacy && custom.isContrib)
        #expect(registry.model(name: "big", version: "2.0")?.isContrib == true)
        #expect(registry.model(name: "bad", version: "1.5") == nil)
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.hasSuffix("bad.yaml: Expected `str`, got `float` - at `$.model_version`") })
        #expect(warnings.allSatisfy { $0.hasPrefix("Error loading model definition \(unit.paths.models.path)/") })
    }

    @Test func unitModelFollowsEnvThenFallsBack() throws {
        let unit = try CatalogTempUnit(copyFixture: false)
        defer { unit.cleanUp() }
        let registry = ModelRegistry(paths: unit.paths)
        let fromEnv = try registry.unitModel(env: ["MODEL_NAME": "pioreactor_20ml", "MODEL_VERSION": "1.1"], testing: false)
        #expect(fromEnv.displayName == "Pioreactor 20ml, v1.1")
        let testingDefault = try registry.unitModel(env: ["MODEL_VERSION": "1.0"], testing: true)
        #expect(testingDefault.displayName == "Pioreactor 40ml, v1.0")
        let fallback = try registry.unitModel(env: [:], testing: false)
        #expect(fallback.modelName == "pioreactor_40ml" && fallback.modelVersion == "1.5")
        #expect(throws: ModelRegistryError.unknownModel(name: "pioreactor_40ml", version: "9.9")) {
            try registry.unitModel(env: ["MODEL_VERSION": "9.9"], testing: true)
        }
        #expect(ModelRegistryError.unknownModel(name: "x", version: "1").description == "Unknown Pioreactor model x v1.")
    }
}
