import Foundation

extension JSONValue {
    /// Compact JSON (no whitespace), raw non-ASCII, Python-style shortest float repr.
    public func encoded() -> String { String(decoding: encodedBytes(), as: UTF8.self) }

    public func encodedData() -> Data { Data(encodedBytes()) }

    /// Compact JSON with every non-ASCII character written as `\uXXXX` (UTF-16 units,
    /// lowercase hex), as Python's `json.dumps` writes by default.
    public func encodedASCII() -> String {
        let text = encoded()
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for unit in text.utf16 {
            if unit < 0x80 {
                out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            } else {
                out += "\\u"
                let hex = String(unit, radix: 16)
                out += String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out
    }

    /// The compact UTF-8 text (bytes, so a response body needs no String round trip).
    public func encodedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let value): out += (value ? "true" : "false").utf8
        case .int(let value): out += String(value).utf8
        case .double(let value): out += JSONValue.pythonFloatRepr(value).utf8
        case .string(let value): JSONValue.writeString(value, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (index, entry) in object.entries.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(entry.key, to: &out)
                out.append(UInt8(ascii: ":"))
                entry.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `repr(float)` as Python prints it. Swift's `description` is also the shortest
    /// round-trip form with the same exponent thresholds and style (`1e-05`, `1e+16`).
    /// Non-finite values are not JSON; Python's json emits `NaN`/`Infinity`, which we mirror.
    public static func pythonFloatRepr(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    static func writeString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Only ASCII bytes are escaped, and UTF-8 never uses them inside a multi-byte character,
        // so the bytes between two escapes are copied whole.
        let utf8 = value.utf8
        var pending = utf8.startIndex
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            out += utf8[pending..<index]
            out += escape(byte).utf8
            pending = utf8.index(after: index)
        }
        out += utf8[pending...]
        out.append(UInt8(ascii: "\""))
    }

    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): return "\\\""
        case UInt8(ascii: "\\"): return "\\\\"
        case UInt8(ascii: "\n"): return "\\n"
        case UInt8(ascii: "\r"): return "\\r"
        case UInt8(ascii: "\t"): return "\\t"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        default: return "\\u" + String(format: "%04x", byte)
        }
    }
}
