/// A streaming `multipart/form-data` parser (RFC 7578): feed the body in chunks of any size,
/// get part events back. Memory stays bounded by the boundary and header sizes, never by a part.
public struct MultipartFormParser: Sendable {
    public enum Event: Sendable, Equatable {
        case partStart(MultipartPartHeader)
        case partData([UInt8])
        case partEnd
    }

    /// The body is not well-formed multipart.
    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    private enum State { case preamble, afterDelimiter, headers, body, epilogue }

    /// Header blocks larger than this are refused.
    public static let maxHeaderBytes = 16 * 1024

    private let delimiter: [UInt8]
    private var buffer: [UInt8]
    private var position = 0
    private var state = State.preamble

    /// True once the closing `--boundary--` was read.
    public var isComplete: Bool { state == .epilogue }

    public init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The first boundary may open the body without a CRLF before it.
        buffer = Array("\r\n".utf8)
    }

    /// The `boundary` parameter of a `multipart/form-data` Content-Type, or nil.
    public static func boundary(contentType: String?) -> String? {
        guard let contentType else { return nil }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "multipart/form-data" else { return nil }
        guard let boundary = MultipartPartHeader.parameters(of: contentType)["boundary"],
              !boundary.isEmpty, boundary.utf8.count <= 200 else { return nil }
        return boundary
    }

    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) throws(Malformed) -> [Event] where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        var progressing = true
        while progressing {
            progressing = try step(into: &events)
        }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        return events
    }

    /// Advances one state; false when more input is needed.
    private mutating func step(into events: inout [Event]) throws(Malformed) -> Bool {
        switch state {
        case .preamble:
            if let index = find(delimiter, from: position) {
                position = index + delimiter.count
                state = .afterDelimiter
                return true
            }
            position = max(position, buffer.count - (delimiter.count - 1))
            return false
        case .afterDelimiter:
            guard buffer.count - position >= 2 else { return false }
            if buffer[position] == UInt8(ascii: "-") && buffer[position + 1] == UInt8(ascii: "-") {
                state = .epilogue
                return true
            }
            var cursor = position
            while cursor < buffer.count, buffer[cursor] == UInt8(ascii: " ") || buffer[cursor] == UInt8(ascii: "\t") {
                cursor += 1
            }
            guard buffer.count - cursor >= 2 else {
                if cursor - position > 1024 { throw Malformed(description: "Padding after a boundary is too long.") }
                return false
            }
            guard buffer[cursor] == UInt8(ascii: "\r"), buffer[cursor + 1] == UInt8(ascii: "\n") else {
                throw Malformed(description: "A boundary line is not followed by CRLF.")
            }
            position = cursor + 2
            state = .headers
            return true
        case .headers:
            let end: Int
            let next: Int
            if buffer.count - position >= 2, buffer[position] == UInt8(ascii: "\r"), buffer[position + 1] == UInt8(ascii: "\n") {
                end = position
                next = position + 2
            } else if let index = find(Array("\r\n\r\n".utf8), from: position) {
                end = index
                next = index + 4
            } else {
                if buffer.count - position > Self.maxHeaderBytes { throw Malformed(description: "A part's headers are too large.") }
                return false
            }
            guard end - position <= Self.maxHeaderBytes else { throw Malformed(description: "A part's headers are too large.") }
            events.append(.partStart(MultipartPartHeader.parse(Array(buffer[position..<end]))))
            position = next
            state = .body
            return true
        case .body:
            if let index = find(delimiter, from: position) {
                if index > position { events.append(.partData(Array(buffer[position..<index]))) }
                events.append(.partEnd)
                position = index + delimiter.count
                state = .afterDelimiter
                return true
            }
            // Keep a tail that could be the start of a delimiter split across chunks.
            let safe = buffer.count - (delimiter.count - 1)
            if safe > position {
                events.append(.partData(Array(buffer[position..<safe])))
                position = safe
            }
            return false
        case .epilogue:
            position = buffer.count
            return false
        }
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, buffer.count - start >= needle.count else { return nil }
        var index = start
        let last = buffer.count - needle.count
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            while index <= last {
                if bytes[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }
}
