import Foundation
import Testing
@testable import PioreactorCore

@Suite struct JSONValueTests {
    @Test func keepsKeyOrderAndNumberKinds() throws {
        let value = try JSONValue.parse(#"{"z": 1, "a": 1.0, "m": [true, null, "x"], "n": {"b": -2e3}}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m", "n"])
        #expect(value["z"] == .int(1))
        #expect(value["a"] == .double(1.0))
        #expect(value.encoded() == #"{"z":1,"a":1.0,"m":[true,null,"x"],"n":{"b":-2000.0}}"#)
    }

    @Test(arguments: [
        (14.0, "14.0"), (0.0911, "0.0911"), (1e-05, "1e-05"), (0.0001, "0.0001"), (1e16, "1e+16"),
        (123456789.0, "123456789.0"), (1.5e300, "1.5e+300"), (-0.5, "-0.5"), (0.1 + 0.2, "0.30000000000000004"),
        (9007199254740993.0, "9007199254740992.0"), (9.9e-05, "9.9e-05"), (1e22, "1e+22"), (5e-324, "5e-324"), (1234567890123456.7, "1234567890123456.8"),
    ])
    func floatsPrintLikePython(value: Double, expected: String) {
        #expect(JSONValue.double(value).encoded() == expected)
    }

    @Test func stringsEscapeControlsButKeepUnicode() {
        #expect(JSONValue.string("h⁻¹ \"q\" \\ \n \u{01}").encoded() == #""h⁻¹ \"q\" \\ \n \u0001""#)
        // An escaped quote that starts a grapheme (quote + combining accent), emoji, escapes at both ends.
        #expect(JSONValue.string("\"\u{301}é😀\t\r\u{08}\u{0C}\u{1F}\\").encoded() == #""\"\#u{301}é😀\t\r\b\f\u001f\\""#)
        #expect(JSONValue.object(JSONObject([("k\"ey", .string(""))])).encodedBytes() == Array(#"{"k\"ey":""}"#.utf8))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "01", "1.", "\"\\x\"", "\"a", "{\"a\":1}x", "\"\u{01}\"", "-"])
    func rejectsMalformedJSON(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func emptyBodyReadsAsTruncated() {
        #expect(throws: JSONParseError(message: "Input data was truncated")) { try JSONValue.parse("") }
    }

    @Test func decodesUnicodeEscapesAndSurrogates() throws {
        #expect(try JSONValue.parse(#""\u00e9\ud83d\ude00""#) == .string("é😀"))
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#""\ud83d""#) }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func rendersOptionsLikePythonStr() throws {
        let body = try JSONValue.parse(#"{"options": {"target_rpm": 400, "x": 400.0, "flag": true, "no_deps": null, "name": "a b", "l": ["a", 1], "d": {"k": false}}}"#)
        let request = try ArgsOptionsEnvs.decode(body)
        #expect(request.renderedOptions() == [
            "--target-rpm", "400", "--x", "400.0", "--flag", "True", "--no-deps", "--name", "a b",
            "--l", "['a', 1]", "--d", "{'k': False}",
        ])
    }

    @Test func typedBodyRejectsWrongTypesWith400() {
        for text in [#"{"args": "x"}"#, #"{"args": [1]}"#, #"{"env": {"A": 1}}"#, #"{"options": []}"#, "[]", "3"] {
            #expect(throws: UnitError.self, "\(text)") {
                try ArgsOptionsEnvs.decode(try JSONValue.parse(text), allowConfigOverrides: true)
            }
        }
        #expect((try? ArgsOptionsEnvs.decode(.object(JSONObject())))?.args == [])
    }
}

@Suite struct JSONObjectOrderTests {
    @Test func aRepeatedKeyKeepsItsPlaceAndTakesTheLastValue() throws {
        let value = try JSONValue.parse(Data(#"{"a":1,"b":2,"a":3}"#.utf8))
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
        #expect(value.encoded() == #"{"a":3,"b":2}"#)
    }

    @Test func removingAndReaddingAKeyMovesItLast() {
        var object = JSONObject([("a", 1), ("b", 2)])
        object["a"] = nil
        object["a"] = 5
        #expect(object.keys == ["b", "a"])
        #expect(JSONObject([("a", 1), ("b", 2)]) != JSONObject([("b", 2), ("a", 1)]))
    }
}
