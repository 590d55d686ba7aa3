/// The headers of one `multipart/form-data` part that matter for a form field.
public struct MultipartPartHeader: Sendable, Equatable {
    /// `Content-Disposition: form-data; name="…"`.
    public var name: String?
    /// Present (possibly empty) only for file parts.
    public var filename: String?
    public var contentType: String?

    public init(name: String? = nil, filename: String? = nil, contentType: String? = nil) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
    }

    /// Reads a part's raw header block (lines separated by CRLF; names case-insensitive).
    static func parse(_ block: [UInt8]) -> MultipartPartHeader {
        var header = MultipartPartHeader()
        let text = String(decoding: block, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "content-disposition":
                let params = parameters(of: value)
                header.name = params["name"]
                header.filename = params["filename"] ?? params["filename*"].map(decodeExtended)
            case "content-type":
                header.contentType = value
            default:
                break
            }
        }
        return header
    }

    /// `form-data; name="a"; filename="b;c.zip"` → lowercase keys to values, quotes and `\` escapes removed.
    static func parameters(of value: String) -> [String: String] {
        var result: [String: String] = [:]
        var scalars = Substring(value).unicodeScalars[...]
        // Skip the disposition type.
        while let first = scalars.first, first != ";" { scalars.removeFirst() }
        while !scalars.isEmpty {
            scalars.removeFirst()  // ";"
            var key = ""
            while let first = scalars.first, first != "=", first != ";" { key.unicodeScalars.append(first); scalars.removeFirst() }
            key = key.trimmingCharacters(in: .whitespaces).lowercased()
            var parsed = ""
            if scalars.first == "=" {
                scalars.removeFirst()
                while scalars.first == " " || scalars.first == "\t" { scalars.removeFirst() }
                if scalars.first == "\"" {
                    scalars.removeFirst()
                    while let first = scalars.first {
                        scalars.removeFirst()
                        if first == "\"" { break }
                        if first == "\\", let escaped = scalars.first {
                            parsed.unicodeScalars.append(escaped)
                            scalars.removeFirst()
                        } else {
                            parsed.unicodeScalars.append(first)
                        }
                    }
                    while let first = scalars.first, first != ";" { scalars.removeFirst() }
                } else {
                    while let first = scalars.first, first != ";" { parsed.unicodeScalars.append(first); scalars.removeFirst() }
                    parsed = parsed.trimmingCharacters(in: .whitespaces)
                }
            }
            if !key.isEmpty && result[key] == nil { result[key] = parsed }
        }
        return result
    }

    /// RFC 5987 `utf-8''na%C3%AFve.zip` → `naïve.zip`.
    static func decodeExtended(_ value: String) -> String {
        let parts = value.components(separatedBy: "'")
        let encoded = parts.count >= 3 ? parts[2...].joined(separator: "'") : value
        return encoded.removingPercentEncoding ?? encoded
    }
}
