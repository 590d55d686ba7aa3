import Foundation
import Testing
@testable import PioreactorCore

@Suite struct MultipartFormParserTests {
    static let boundary = "----pioBoundary42"

    static func body(_ parts: [(headers: String, content: [UInt8])], preamble: String = "", epilogue: String = "\r\n") -> [UInt8] {
        var bytes = Array(preamble.utf8)
        for part in parts {
            bytes += Array("--\(boundary)\r\n\(part.headers)\r\n\r\n".utf8)
            bytes += part.content
            bytes += Array("\r\n".utf8)
        }
        bytes += Array("--\(boundary)--\(epilogue)".utf8)
        return bytes
    }

    /// Parses `bytes` split into chunks of `size` and folds the events into (header, content) pairs.
    static func parse(_ bytes: [UInt8], chunk size: Int) throws -> (parts: [(MultipartPartHeader, [UInt8])], complete: Bool) {
        var parser = MultipartFormParser(boundary: boundary)
        var parts: [(MultipartPartHeader, [UInt8])] = []
        var start = 0
        while start < bytes.count {
            let end = min(start + size, bytes.count)
            for event in try parser.feed(bytes[start..<end]) {
                switch event {
                case .partStart(let header): parts.append((header, []))
                case .partData(let data): parts[parts.count - 1].1 += data
                case .partEnd: break
                }
            }
            start = end
        }
        return (parts, parser.isComplete)
    }

    @Test func splitsPartsWhateverTheChunkSize() throws {
        // Content that looks like a boundary but is not one, plus CR/LF bytes near the end.
        let binary: [UInt8] = Array("PK\u{3}\u{4}\r\n--\(Self.boundary.dropLast())X\r\n-\r".utf8) + (0..<300).map { UInt8($0 % 256) }
        let bytes = Self.body([
            ("Content-Disposition: form-data; name=\"note\"", Array("hello".utf8)),
            ("Content-Disposition: form-data; name=\"archive\"; filename=\"unit.zip\"\r\nContent-Type: application/zip", binary),
        ], preamble: "ignored preamble\r\n")
        for size in [1, 2, 3, 7, 64, 1000, bytes.count] {
            let (parts, complete) = try Self.parse(bytes, chunk: size)
            #expect(complete, "chunk \(size)")
            #expect(parts.count == 2, "chunk \(size)")
            #expect(parts.first?.0 == MultipartPartHeader(name: "note"))
            #expect(parts.first?.1 == Array("hello".utf8))
            #expect(parts.last?.0 == MultipartPartHeader(name: "archive", filename: "unit.zip", contentType: "application/zip"))
            #expect(parts.last?.1 == binary, "chunk \(size)")
        }
    }

    @Test func emptyPartAndNoHeaders() throws {
        let bytes = Array("--\(Self.boundary)\r\n\r\n\r\n--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--\(Self.boundary)--".utf8)
        let (parts, complete) = try Self.parse(bytes, chunk: 5)
        #expect(complete)
        #expect(parts.count == 2)
        #expect(parts[0].0 == MultipartPartHeader())
        #expect(parts[1].0.name == "a")
        #expect(parts[1].1.isEmpty)
    }

    @Test func truncatedBodyIsIncomplete() throws {
        let bytes = Self.body([("Content-Disposition: form-data; name=\"archive\"; filename=\"a.zip\"", Array(repeating: 7, count: 100))])
        let (parts, complete) = try Self.parse(Array(bytes.prefix(bytes.count - 30)), chunk: 9)
        #expect(!complete)
        #expect(parts.count == 1)
    }

    @Test func garbageAfterBoundaryIsMalformed() {
        var parser = MultipartFormParser(boundary: "b")
        #expect(throws: MultipartFormParser.Malformed.self) {
            _ = try parser.feed(Array("--bXX\r\n".utf8))
        }
    }

    @Test func boundaryFromContentType() {
        #expect(MultipartFormParser.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartFormParser.boundary(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b;c\"") == "a b;c")
        #expect(MultipartFormParser.boundary(contentType: "multipart/form-data") == nil)
        #expect(MultipartFormParser.boundary(contentType: "multipart/form-data; boundary=") == nil)
        #expect(MultipartFormParser.boundary(contentType: "application/json; boundary=abc") == nil)
        #expect(MultipartFormParser.boundary(contentType: nil) == nil)
    }

    @Test func dispositionParameters() {
        let header = MultipartPartHeader.parse(Array("content-disposition: form-data; name=\"archive\"; filename=\"my \\\"unit\\\";.zip\"".utf8))
        #expect(header.name == "archive")
        #expect(header.filename == "my \"unit\";.zip")
        let empty = MultipartPartHeader.parse(Array("Content-Disposition: form-data; name=archive; filename=\"\"".utf8))
        #expect(empty.name == "archive")
        #expect(empty.filename == "")
        let extended = MultipartPartHeader.parse(Array("Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''na%C3%AFve.zip".utf8))
        #expect(extended.filename == "naïve.zip")
        let field = MultipartPartHeader.parse(Array("Content-Disposition: form-data; name=\"archive\"".utf8))
        #expect(field.filename == nil)
    }
}
