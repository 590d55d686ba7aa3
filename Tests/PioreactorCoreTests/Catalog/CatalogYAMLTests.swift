import Foundation
import Testing
@testable import PioreactorCore

/// Descriptor and model files are typed by the same PyYAML-like loader as calibrations.
@Suite struct CatalogYAMLTests {
    @Test func typesScalarsAsPyYAMLDoes() throws {
        let value = try CatalogYAMLReader.parse("a: 1e3\nb: on\nc: 1:30\nd: 0755\ne: 2.5\nf: ~\ng: 2026-03-01\n")
        #expect(value == .object([
            ("a", .string("1e3")), ("b", .bool(true)), ("c", .int(90)), ("d", .int(493)), ("e", .double(2.5)),
            ("f", .null), ("g", .date("2026-03-01")),
        ]))
    }

    /// The catalog used to refuse aliases and ignore `<<`; PyYAML (and so the reference) takes both.
    @Test func aliasesAndMergeKeysWorkAsInPyYAML() throws {
        let text = "base: &b {display: true, unit: RPM}\nsetting:\n  <<: *b\n  unit: rpm\n  key: target\n"
        let value = try CatalogYAMLReader.parse(text)
        guard case .object(let top) = value, let setting = top.first(where: { $0.key == "setting" })?.value else {
            Issue.record("not a mapping: \(value)")
            return
        }
        #expect(setting == .object([("display", .bool(true)), ("unit", .string("rpm")), ("key", .string("target"))]))
    }

    /// `1` and `True` are one dict key in Python: the later value wins, the first position stays.
    @Test func keysFollowPythonDictEquality() throws {
        #expect(try CatalogYAMLReader.parse("1: a\nTrue: b\nx: c\n") == .object([("1", .string("b")), ("x", .string("c"))]))
    }

    @Test func syntaxErrorsAreReported() {
        #expect(throws: CatalogYAMLSyntaxError.self) { try CatalogYAMLReader.parse("a: [1, 2\n") }
    }
}
