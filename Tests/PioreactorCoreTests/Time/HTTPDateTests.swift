import Foundation
import Testing
@testable import PioreactorCore

@Suite struct HTTPDateTests {
    static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()

    @Test func knownInstants() {
        #expect(HTTPDate.format(epochSecond: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(epochSecond: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(epochSecond: 1_795_912_170) == "Sun, 29 Nov 2026 00:29:30 GMT")
    }

    @Test func matchesFoundationsRendering() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let second = Int.random(in: 0..<4_102_444_800, using: &generator)
            #expect(HTTPDate.format(epochSecond: second) == Self.formatter.string(from: Date(timeIntervalSince1970: Double(second))))
        }
    }

    @Test func parsesWhatItFormatsAndRefusesOtherText() {
        for second in [0, 784_111_777, 1_795_912_170] {
            #expect(HTTPDate.parse(HTTPDate.format(epochSecond: second)) == Date(timeIntervalSince1970: Double(second)))
        }
        for text in ["", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Foo 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT"] {
            #expect(HTTPDate.parse(text) == nil)
        }
    }

    @Test func clockTellsTheCurrentSecond() throws {
        let clock = HTTPDateClock()
        let before = Date()
        let first = clock.now()
        let parsed = try #require(Self.formatter.date(from: first))
        #expect(abs(parsed.timeIntervalSince(before)) < 2)
    }
}
