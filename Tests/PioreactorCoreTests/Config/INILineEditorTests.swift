import Testing

@testable import PioreactorCore

/// One-line edits of INI text (zip import's `[storage] temporary_cache` fix-up).
@Suite struct INILineEditorTests {
    static let cache = "/run/pioreactor/cache/local_intermittent_pioreactor_metadata.sqlite"

    @Test func replacesValueKeepingEverythingElse() throws {
        let text = "# top\n[stirring.pid]\nKp=0.005\n\n[storage]\n; where\ndatabase = /x.sqlite\ntemporary_cache = /old.sqlite ; note\npersistent_cache=/p\n"
        let edited = INILineEditor.setValue(section: "storage", key: "temporary_cache", value: Self.cache, in: text)
        #expect(edited == "# top\n[stirring.pid]\nKp=0.005\n\n[storage]\n; where\ndatabase = /x.sqlite\ntemporary_cache = \(Self.cache)\npersistent_cache=/p\n")
        let document = try INIDocument(parsing: edited, strict: true)
        #expect(try document.value("stirring.pid", "Kp") == "0.005")
        #expect(try document.value("storage", "temporary_cache") == Self.cache)
    }

    @Test func appendsMissingKeyUnderSection() throws {
        let text = "[storage]\ndatabase=/x\n\n# next\n[mqtt]\nport=1\n"
        let edited = INILineEditor.setValue(section: "storage", key: "temporary_cache", value: "/t", in: text)
        #expect(edited == "[storage]\ndatabase=/x\ntemporary_cache=/t\n\n# next\n[mqtt]\nport=1\n")
    }

    @Test func appendsKeyToEmptySectionWithoutTrailingNewline() {
        let edited = INILineEditor.setValue(section: "storage", key: "k", value: "v", in: "[storage]")
        #expect(edited == "[storage]\nk=v\n")
    }

    @Test func appendsMissingSection() {
        #expect(INILineEditor.setValue(section: "storage", key: "k", value: "v", in: "[a]\nx=1") == "[a]\nx=1\n\n[storage]\nk=v\n")
        #expect(INILineEditor.setValue(section: "storage", key: "k", value: "v", in: "") == "[storage]\nk=v\n")
    }

    @Test func editsTheEffectiveOccurrenceAndDropsOldContinuation() throws {
        let text = "[s]\nk=first\n[t]\nk=other\n[s]\nk : second\n  continued\n\n  more\nz=1\n"
        let edited = INILineEditor.setValue(section: "s", key: "k", value: "new", in: text)
        #expect(edited == "[s]\nk=first\n[t]\nk=other\n[s]\nk : new\nz=1\n")
        var document = INIDocument()
        try document.read(edited, strict: false)
        #expect(try document.value("s", "k") == "new")
        #expect(try document.value("t", "k") == "other")
    }

    @Test func keyCaseIsSignificantAndValuelessKeysGetAValue() {
        let text = "[s]\nkp=1\nKp\n"
        #expect(INILineEditor.setValue(section: "s", key: "Kp", value: "2", in: text) == "[s]\nkp=1\nKp=2\n")
    }

    @Test func indentedHeaderInsideAnotherValueIsNotASection() {
        let text = "[a]\nnote=see\n  [storage]\n"
        #expect(INILineEditor.setValue(section: "storage", key: "k", value: "v", in: text) == "[a]\nnote=see\n  [storage]\n\n[storage]\nk=v\n")
    }

    @Test func keepsCRLFLineEndings() {
        let text = "[storage]\r\ntemporary_cache=/old\r\n"
        #expect(INILineEditor.setValue(section: "storage", key: "temporary_cache", value: "/new", in: text) == "[storage]\r\ntemporary_cache=/new\r\n")
        #expect(INILineEditor.setValue(section: "storage", key: "x", value: "1", in: text) == "[storage]\r\ntemporary_cache=/old\r\nx=1\r\n")
    }

    @Test func commentedOutKeyIsNotEdited() {
        let text = "[storage]\n# temporary_cache=/commented\n"
        #expect(INILineEditor.setValue(section: "storage", key: "temporary_cache", value: "/t", in: text) == "[storage]\ntemporary_cache=/t\n# temporary_cache=/commented\n")
    }
}
