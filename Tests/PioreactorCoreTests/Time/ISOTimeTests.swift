import Foundation
import Testing
@testable import PioreactorCore

@Suite struct ISOTimeTests {
    @Test func knownInstants() {
        #expect(ISOTime.milliseconds(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(ISOTime.milliseconds(Date(timeIntervalSince1970: 1_795_873_193.216)) == "2026-11-28T13:39:53.216Z")
        #expect(ISOTime.milliseconds(Date(timeIntervalSince1970: 951_782_400.0999)) == "2000-02-29T00:00:00.099Z")
        #expect(ISOTime.milliseconds(Date(timeIntervalSince1970: -62_135_596_800 + 86_400 * 400)) == "0002-02-05T00:00:00.000Z")
    }

    /// Same text as a printf-style rendering of the same fields, over many instants.
    @Test func matchesPrintfRendering() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator))
            var time = time_t(floor(date.timeIntervalSince1970))
            let millis = min(999, Int((date.timeIntervalSince1970 - Double(time)) * 1000))
            var parts = tm()
            gmtime_r(&time, &parts)
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
            #expect(ISOTime.milliseconds(date) == expected)
        }
    }
}
