import Testing

@testable import PioreactorCore

/// Compares our reader, interpolation and merge with outputs recorded from Python's
/// configparser and the reference's `build_config` (ConfigParityCases.swift).
@Suite struct ConfigParityTests {
    /// The shape the generator printed: every section (interpolated), then `__DEFAULT__`,
    /// or `ERR:<str(exception)>`.
    static func render(_ read: () throws(ConfigError) -> INIDocument) -> JSONValue {
        do {
            let document = try read()
            var object = JSONObject()
            for name in document.sectionNames + [INIDocument.defaultSectionName] {
                var entries = JSONObject()
                for key in try document.keys(in: name) {
                    entries[key] = try document.value(name, key).map(JSONValue.string) ?? .null
                }
                object[name == INIDocument.defaultSectionName ? "__DEFAULT__" : name] = .object(entries)
            }
            return .object(object)
        } catch {
            return .string("ERR:" + error.message)
        }
    }

    static func expected(_ text: String) -> JSONValue {
        if text.hasPrefix("ERR:") { return .string(text) }
        return try! JSONValue.parse(text)
    }

    @Test(arguments: ConfigParityCases.strict.indices)
    func strictReadMatchesPython(_ index: Int) {
        let testCase = ConfigParityCases.strict[index]
        let actual = Self.render { () throws(ConfigError) in try INIDocument(parsing: testCase.text, strict: true) }
        #expect(actual == Self.expected(testCase.expected), "\(testCase.name)")
    }

    @Test(arguments: ConfigParityCases.nonStrict.indices)
    func nonStrictReadMatchesPython(_ index: Int) {
        let testCase = ConfigParityCases.nonStrict[index]
        let actual = Self.render { () throws(ConfigError) in
            var document = INIDocument()
            for text in testCase.texts { try document.read(text, strict: false) }
            return document
        }
        #expect(actual == Self.expected(testCase.expected), "\(testCase.name)")
    }

    @Test(arguments: ConfigParityCases.merged.indices)
    func mergeMatchesReference(_ index: Int) {
        let testCase = ConfigParityCases.merged[index]
        let actual: JSONValue
        do {
            actual = try MergedConfig.build(sharedText: testCase.shared, unitText: testCase.unit).json()
        } catch {
            actual = .string("ERR:" + error.message)
        }
        #expect(actual == Self.expected(testCase.expected), "\(testCase.name)")
    }

    @Test func fixtureMergeMatchesReference() throws {
        let shared = try String(contentsOfFile: ConfigTestSupport.fixtureConfig, encoding: .utf8)
        let unit = try String(contentsOfFile: ConfigTestSupport.fixtureUnitConfig, encoding: .utf8)
        let json = try MergedConfig.build(sharedText: shared, unitText: unit).json()
        #expect(json == (try JSONValue.parse(ConfigParityCases.fixtureMerged)))
        // Key order matters on the wire, so compare the encoded text too.
        #expect(json.encoded() == (try JSONValue.parse(ConfigParityCases.fixtureMerged)).encoded())
    }

    @Test func strictModeDistinguishesErrorKinds() {
        #expect(throws: ConfigError(.duplicateSection(section: "a"), "While reading from '<string>' [line  2]: section 'a' already exists")) {
            try INIDocument(parsing: "[a]\n[a]\n", strict: true)
        }
        do {
            _ = try INIDocument(parsing: "[s]\nk=1\nk=2\n", strict: true)
            Issue.record("expected a duplicate option error")
        } catch {
            #expect(error.kind == .duplicateOption(section: "s", option: "k"))
        }
        do {
            _ = try INIDocument(parsing: "text\n[s]\n", strict: true)
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.kind == .syntax)
        }
    }
}
