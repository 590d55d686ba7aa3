import Testing
@testable import PioreactorCore

@Suite("UnixFilename")
struct UnixFilenameTests {
    @Test("accepts portable names with single inner spaces", arguments: [
        "pump_cal_1", "od90-standards-2026-03", "a.b.c", "A b", "x", "a b c", "1", String(repeating: "a", count: 255),
    ])
    func valid(_ name: String) {
        #expect(UnixFilename.isValid(name))
    }

    @Test("rejects unsafe or non-portable names", arguments: [
        "", ".", "..", ".hidden", "-x", "a/b", "a\\b", "a\0b", "a\tb", "a  b", " a", "a ", "é", "a:b",
        String(repeating: "a", count: 256),
    ])
    func invalid(_ name: String) {
        #expect(!UnixFilename.isValid(name))
    }
}
