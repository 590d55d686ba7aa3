import Foundation
import Testing
import ZIPFoundation
@testable import PioreactorCore

@Suite("CalibrationStore")
struct CalibrationStoreTests {
    @Test("listAll groups fixture files by device in path order and skips bad files")
    func listAll() throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let store = CalibrationStore(paths: unit.paths)
        try "calibration_type: nope\n".write(to: store.root.appendingPathComponent("od90/broken.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: store.root.appendingPathComponent("empty_dev"), withIntermediateDirectories: true)
        let listing = try store.listAll()
        #expect(listing.devices.map(\.device) == ["alt_media_pump", "media_pump", "od90", "stirring", "waste_pump"])
        #expect(listing.devices[2].calibrations.map(\.name) == ["od90-older-2025-11", "od90-standards-2026-03"])
        #expect(listing.warnings == ["Error reading broken: Invalid value 'nope' - at `$.calibration_type`"])
    }

    @Test("a create that cannot write its file leaves nothing behind, not even the new device folder")
    func failedCreateLeavesNoTrace() throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let store = CalibrationStore(paths: unit.paths)
        let before = unit.snapshot()
        // A valid 255-byte name whose file (and temp) name exceeds NAME_MAX: the write itself fails.
        let longName = String(repeating: "n", count: 255)
        #expect(throws: CalibrationErrors.createFailed) { try store.save(device: "new_device", yaml: pumpYAML(name: longName)) }
        #expect(throws: CalibrationErrors.createFailed) { try store.save(device: "od90", yaml: pumpYAML(name: longName)) }
        #expect(unit.snapshot() == before)
        // The folder of an existing device stays, even when a create into it fails.
        #expect(FileManager.default.fileExists(atPath: store.root.appendingPathComponent("od90").path))
    }

    @Test("missing CAL or device folder gives the 404 missing-directory error")
    func missingDirectories() throws {
        let empty = try TempUnit(copyFixture: false)
        defer { empty.remove() }
        let store = CalibrationStore(paths: empty.paths)
        #expect(throws: CalibrationErrors.missingDirectory) { try store.listAll() }
        #expect(throws: CalibrationErrors.missingDirectory) { try store.zipData() }
        let unit = try TempUnit()
        defer { unit.remove() }
        let full = CalibrationStore(paths: unit.paths)
        #expect(throws: CalibrationErrors.missingDirectory) { try full.list(device: "nope") }
        // `..` would be the storage folder itself: it must not be listed.
        #expect(throws: CalibrationErrors.missingDirectory) { try full.list(device: "..") }
        #expect(try full.list(device: "od90").calibrations.count == 2)
        #expect(CalibrationErrors.missingDirectory.status == 404)
        #expect(CalibrationErrors.missingDirectory.error == "Calibration directory does not exist.")
    }

    @Test("get: found, missing (exact 404), undecodable (exact 500), unsafe names never leave CAL")
    func get() throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let store = CalibrationStore(paths: unit.paths)
        let found = try store.get(device: "media_pump", name: "media_pump-2026-02-10")
        #expect(found.name == "media_pump-2026-02-10")
        #expect(throws: CalibrationErrors.fileMissing(device: "media_pump", name: "nope")) {
            try store.get(device: "media_pump", name: "nope")
        }
        #expect(CalibrationErrors.fileMissing(device: "d", name: "n").cause == "Calibration 'n' missing for device 'd'.")
        // A YAML file just outside CAL must stay unreachable.
        try pumpYAML(name: "outside").write(to: unit.paths.storage.appendingPathComponent("outside.yaml"), atomically: true, encoding: .utf8)
        for (device, name) in [("..", "outside"), ("media_pump", "../../outside"), ("a/b", "x"), ("media_pump\0", "x"), ("", "x"), (".", "../outside")] {
            #expect(throws: CalibrationErrors.fileMissing(device: device, name: name)) { try store.get(device: device, name: name) }
        }
        try "a: [".write(to: store.root.appendingPathComponent("media_pump/bad.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: CalibrationErrors.unreadable) { try store.get(device: "media_pump", name: "bad") }
    }

    @Test("save writes the original text atomically, creates the device folder, overwrites silently")
    func save() throws {
        let unit = try TempUnit(copyFixture: false)
        defer { unit.remove() }
        let store = CalibrationStore(paths: unit.paths)
        let yaml = "# a comment the decoder ignores\n" + pumpYAML(hz: "250")
        let result = try store.save(device: "media_pump", yaml: yaml)
        let expectedPath = unit.paths.calibrations.appendingPathComponent("media_pump/pump_cal_1.yaml").path
        #expect(result.path == expectedPath)
        #expect(result.calibrationName == "pump_cal_1")
        #expect(try String(contentsOfFile: expectedPath, encoding: .utf8) == yaml)
        let second = pumpYAML(hz: "100")
        _ = try store.save(device: "media_pump", yaml: second)
        #expect(try String(contentsOfFile: expectedPath, encoding: .utf8) == second)
        // Atomic write leaves no temp files behind.
        let entries = try FileManager.default.contentsOfDirectory(atPath: store.root.appendingPathComponent("media_pump").path)
        #expect(entries == ["pump_cal_1.yaml"])
        #expect(try store.list(device: "media_pump").calibrations.first?.json["hz"] == .double(100))
    }

    @Test("save rejects bad YAML with 400 and the decoder message")
    func saveInvalidYAML() throws {
        let unit = try TempUnit(copyFixture: false)
        defer { unit.remove() }
        let store = CalibrationStore(paths: unit.paths)
        let cases = [
            ("calibration_name: x\n", "Object missing required field `calibration_type`"),
            (pumpYAML(recorded: "{x: [1, 2], y: [2]}"), "Lists in `recorded_data` should have the same lengths"),
            (pumpYAML(createdAt: "2025-01-02 03:04:05"), "Expected `datetime` with a timezone component - at `$.created_at`"),
            ("calibration_type: other\n", "Invalid value 'other' - at `$.calibration_type`"),
        ]
        for (yaml, message) in cases {
            #expect(throws: CalibrationErrors.invalidYAML(message)) { try store.save(device: "media_pump", yaml: yaml) }
        }
        #expect(CalibrationErrors.invalidYAML("m").status == 400)
        #expect(!FileManager.default.fileExists(atPath: store.root.path))
    }

    @Test("save rejects invalid calibration names and devices without touching the disk", arguments: [
        "..", "a/b", ".hidden", "-x", "a\u{0}b", String(repeating: "n", count: 256), "", "a  b", "../../escape",
    ])
    func saveInvalidNames(_ bad: String) throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let store = CalibrationStore(paths: unit.paths)
        let before = unit.snapshot()
        let quoted = "\"" + bad.replacingOccurrences(of: "\0", with: "\\0") + "\""
        #expect(throws: CalibrationErrors.invalidName) { try store.save(device: "media_pump", yaml: pumpYAML(name: quoted)) }
        #expect(throws: CalibrationErrors.invalidDevice) { try store.save(device: bad, yaml: pumpYAML()) }
        #expect(unit.snapshot() == before)
    }

    @Test("delete removes the file; missing and unsafe names give the exact 404")
    func delete() throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let store = CalibrationStore(paths: unit.paths)
        try store.delete(device: "stirring", name: "stirring-2026-01-20")
        #expect(!FileManager.default.fileExists(atPath: store.root.appendingPathComponent("stirring/stirring-2026-01-20.yaml").path))
        #expect(throws: CalibrationErrors.notFoundForDelete(device: "stirring", name: "stirring-2026-01-20")) {
            try store.delete(device: "stirring", name: "stirring-2026-01-20")
        }
        let outside = unit.paths.storage.appendingPathComponent("victim.yaml")
        try "x: 1\n".write(to: outside, atomically: true, encoding: .utf8)
        #expect(throws: CalibrationErrors.notFoundForDelete(device: "..", name: "victim")) {
            try store.delete(device: "..", name: "victim")
        }
        #expect(throws: (any Error).self) { try store.delete(device: "stirring", name: "../../victim") }
        #expect(FileManager.default.fileExists(atPath: outside.path))
        #expect(CalibrationErrors.notFoundForDelete(device: "d", name: "n").error == "Calibration 'n' not found for device 'd'.")
    }

    @Test("zip holds every yaml as <device>/<name>.yaml, deflated, sorted, no directories")
    func zip() throws {
        let unit = try TempUnit()
        defer { unit.remove() }
        let store = CalibrationStore(paths: unit.paths)
        try "not yaml at all".write(to: store.root.appendingPathComponent("od90/notes.txt"), atomically: true, encoding: .utf8)
        let data = try store.zipData()
        let archive = try Archive(data: data, accessMode: .read)
        let entries = Array(archive)
        #expect(entries.map(\.path) == [
            "alt_media_pump/alt_media_pump-2026-02-10.yaml", "media_pump/media_pump-2026-02-10.yaml",
            "od90/od90-older-2025-11.yaml", "od90/od90-standards-2026-03.yaml",
            "stirring/stirring-2026-01-20.yaml", "waste_pump/waste_pump-2026-02-10.yaml",
        ])
        #expect(entries.allSatisfy { $0.type == .file && $0.isCompressed })
        var extracted = Data()
        _ = try archive.extract(entries[4]) { extracted.append($0) }
        #expect(extracted == (try Data(contentsOf: store.root.appendingPathComponent("stirring/stirring-2026-01-20.yaml"))))
    }
}
