import Testing
@testable import PioreactorCore

@Suite("CalibrationProtocols")
struct CalibrationProtocolsTests {
    @Test func fixtureConfigMatchesTheReference() {
        // The fixture's [od_config.photodiode_channel] after the merge drops empty values.
        let output = CalibrationProtocols.all(photodiodeChannels: ["1": "REF", "2": "90", "3": "", "4": ""])
        #expect(output.encoded() == ReferenceCatalogData.protocolsFixture)
    }

    @Test func threeAnglesAddTheCombinedODDevice() {
        let output = CalibrationProtocols.all(photodiodeChannels: ["1": "REF", "2": "90", "3": "45", "4": "135"])
        #expect(output.encoded() == ReferenceCatalogData.protocolsThreeAngles)
    }

    @Test func odDevicesIgnoreREFEmptyUnknownAndDuplicates() {
        #expect(CalibrationProtocols.odDevices(photodiodeChannels: [:]) == [])
        #expect(CalibrationProtocols.odDevices(photodiodeChannels: ["1": "REF", "2": "180", "3": "x"]) == [])
        #expect(CalibrationProtocols.odDevices(photodiodeChannels: ["1": "90", "2": "90"]) == ["od90"])
        #expect(CalibrationProtocols.odDevices(photodiodeChannels: ["1": "135", "2": "45"]) == ["od135", "od45", "od"])
        let ids = CalibrationProtocols.all(photodiodeChannels: ["1": "REF"]).arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(ids == ["alt_media_pump_duration_based", "media_pump_duration_based", "od_fused_od_fusion_standards", "od_fused_od_fusion_offset", "stirring_dc_based", "waste_pump_duration_based"])
    }
}
