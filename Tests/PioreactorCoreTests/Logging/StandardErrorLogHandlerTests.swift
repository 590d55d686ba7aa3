import Foundation
import Logging
import Synchronization
import Testing
@testable import PioreactorCore

@Suite struct StandardErrorLogHandlerTests {
    /// Collects what a StreamLogHandler writes.
    final class Capture: TextOutputStream, @unchecked Sendable {
        let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
    }

    struct Failure: Error, CustomStringConvertible { var description: String { "it broke" } }

    /// Everything after the timestamp is what swift-log's own stream handler writes.
    @Test func linesMatchStreamLogHandlerAfterTheTimestamp() {
        let capture = Capture()
        var stream = StreamLogHandler(label: "pioreactor.web", stream: capture, metadataProvider: nil)
        var ours = StandardErrorLogHandler(label: "pioreactor.web")
        for key in ["hb.request.id", "a"] {
            stream[metadataKey: key] = "v-\(key)"
            ours[metadataKey: key] = "v-\(key)"
        }
        let events = [
            LogEvent(level: .info, message: "plain", metadata: nil, source: "UnitAPI", file: "f", function: "g", line: 1),
            LogEvent(level: .warning, message: "with more", metadata: ["z": "1", "a": "over"], source: "S", file: "f", function: "g", line: 2),
            LogEvent(level: .error, message: "failed", error: Failure(), metadata: nil, source: "S", file: "f", function: "g", line: 3),
        ]
        for event in events {
            capture.text.withLock { $0 = "" }
            stream.log(event: event)
            let expected = capture.text.withLock { $0 }
            let line = ours.line(for: event, at: Date())
            #expect(line.drop { $0 != " " } == expected.drop { $0 != " " })
        }
    }

    @Test func timestampIsLocalISOWithOffset() {
        let stamp = StandardErrorLogHandler.timestamp(Date(timeIntervalSince1970: 1_800_000_000))
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}/) != nil)
    }
}
