import Testing

@testable import PioreactorCore

/// Typed getters and section bookkeeping of the merged config.
@Suite struct MergedConfigTests {
    static let shared = """
        [DEFAULT]
        shared_default=from default

        [cluster.topology]
        leader_hostname=leader1
        leader_address=leader1.local

        [a]
        i= 1_000 
        f=1e3
        b=Yes
        off=OFF
        bad=maybe
        fl=1.5
        n
        neg=-2
        u=1__0
        inf=-inf
        ref=%(i)s.5
        """

    func config() throws -> MergedConfig {
        try MergedConfig.build(sharedText: Self.shared)
    }

    @Test func conversionsFollowPython() throws {
        let config = try config()
        #expect(try config.int("a", "i") == 1000)
        #expect(try config.int("a", "neg") == -2)
        #expect(try config.double("a", "f") == 1000)
        #expect(try config.double("a", "fl") == 1.5)
        #expect(try config.double("a", "inf") == -.infinity)
        #expect(try config.double("a", "ref") == 1000.5)
        #expect(try config.bool("a", "b"))
        #expect(try !config.bool("a", "off"))
        #expect(try config.string("a", "shared_default") == "from default")
    }

    @Test func conversionErrorsUsePythonMessages() throws {
        let config = try config()
        #expect(throws: ConfigError(.value, "Not a boolean: maybe")) { try config.bool("a", "bad") }
        #expect(throws: ConfigError(.value, "invalid literal for int() with base 10: '1.5'")) { try config.int("a", "fl") }
        #expect(throws: ConfigError(.value, "invalid literal for int() with base 10: '1__0'")) { try config.int("a", "u") }
        #expect(throws: ConfigError(.value, "could not convert string to float: 'maybe'")) { try config.double("a", "bad") }
        // A bad value is an error even when a fallback is given, as in Python.
        #expect(throws: ConfigError.self) { try config.int("a", "bad", fallback: 3) }
        #expect(throws: ConfigError(.noOption(section: "a", option: "missing"), "No option 'missing' in section: 'a'")) {
            try config.string("a", "missing")
        }
        #expect(throws: ConfigError(.noSection(section: "zz"), "No section: 'zz'")) { try config.int("zz", "x") }
    }

    @Test func fallbacksCoverMissingAndValuelessKeys() throws {
        let config = try config()
        #expect(try config.int("a", "n", fallback: 7) == 7)
        #expect(try config.double("a", "missing", fallback: 2.5) == 2.5)
        #expect(try config.bool("zz", "x", fallback: true))
        #expect(try config.string("a", "n", fallback: "x") == "x")
        #expect(try config.value("a", "n") == nil)
        #expect(try config.int("a", "i", fallback: 7) == 1000)
    }

    @Test func sectionsAndKeysIncludeDerivedAndDefaults() throws {
        let config = try config()
        #expect(config.sectionNames == ["cluster.topology", "a", "cluster.addresses"])
        #expect(!config.hasSection("DEFAULT"))
        #expect(try config.keys(in: "cluster.addresses") == ["leader1", "shared_default"])
        let rendered = try config.renderedSections()
        #expect(rendered.map(\.name) == config.sectionNames)
        #expect(rendered.last?.entries.first?.value == "leader1.local")
    }
}
