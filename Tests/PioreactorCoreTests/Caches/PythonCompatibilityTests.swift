import Testing
@testable import PioreactorCore

@Suite("PythonCompatibility")
struct PythonCompatibilityTests {
    @Test func floatParsingAcceptsWhatPythonAccepts() {
        let accepted: [(String, Double)] = [
            ("1", 1), (" 2.5 ", 2.5), ("+3.", 3), (".5", 0.5), ("1e-3", 0.001), ("1E+2", 100),
            ("1_000", 1000), ("1_0.2_5", 10.25), ("Infinity", .infinity), ("-INF", -.infinity),
        ]
        for (text, value) in accepted { #expect(PythonFloat.parse(text) == value, "\(text)") }
        #expect(PythonFloat.parse("nan")?.isNaN == true)
        for text in ["", " ", "abc", "0x1p3", "1__0", "_1", "1_", "1e", "e3", ".", "1.2.3", "--1", "1 2"] {
            #expect(PythonFloat.parse(text) == nil, "\(text)")
        }
    }

    @Test func floatReprMatchesPython() {
        #expect(PythonFloat.repr(0.0) == "0.0")
        #expect(PythonFloat.repr(40) == "40.0")
        #expect(PythonFloat.repr(1.0) == "1.0")
        #expect(PythonFloat.repr(20.5) == "20.5")
        #expect(PythonFloat.repr(.infinity) == "inf")
    }

    @Test func stringReprMatchesPython() {
        #expect(PythonString.repr("foo") == "'foo'")
        #expect(PythonString.repr("it's") == "\"it's\"")
        #expect(PythonString.repr("a'b\"c") == "'a\\'b\"c'")
        #expect(PythonString.repr("tab\tnl\n\\") == "'tab\\tnl\\n\\\\'")
        #expect(PythonString.repr("é℃") == "'é℃'")
        #expect(PythonString.repr("\u{01}\u{7f}\u{a0}\u{200b}") == "'\\x01\\x7f\\xa0\\u200b'")
    }
}
