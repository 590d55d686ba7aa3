import Foundation

/// YAML 1.1 implicit typing and scalar construction as PyYAML's SafeLoader does it.
enum PyYAMLScalars {
    static let boolPattern = "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"
    static let floatPattern = #"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"#
    static let intPattern = #"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"#
    static let nullPattern = "^(?:~|null|Null|NULL|)$"
    static let timestampPattern = #"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"#
    /// The constructor's (looser) timestamp grammar, with capture groups.
    static let timestampParts = #"^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?$"#

    enum ImplicitTag { case bool, float, int, merge, null, timestamp, value, str }

    /// Compiled once: compiling per scalar made a calibration listing cost milliseconds per file.
    /// NSRegularExpression is immutable after creation and safe to share between threads.
    nonisolated(unsafe) static let boolRegex = compile(boolPattern)
    nonisolated(unsafe) static let floatRegex = compile(floatPattern)
    nonisolated(unsafe) static let intRegex = compile(intPattern)
    nonisolated(unsafe) static let nullRegex = compile(nullPattern)
    nonisolated(unsafe) static let timestampRegex = compile(timestampPattern)
    nonisolated(unsafe) static let timestampPartsRegex = compile(timestampParts)

    private static func compile(_ pattern: String) -> NSRegularExpression {
        // swiftlint:disable:next force_try
        try! NSRegularExpression(pattern: pattern)
    }

    /// The tag PyYAML's resolver gives a plain (unquoted, untagged) scalar. Like PyYAML, a
    /// pattern is only tried when the first character can start it (most scalars are keys).
    static func resolvePlain(_ text: String) -> ImplicitTag {
        let first = text.first
        if let first, "yYnNtTfFoO".contains(first), matches(boolRegex, text) { return .bool }
        if let first, "-+0123456789.".contains(first) {
            if matches(floatRegex, text) { return .float }
            if matches(intRegex, text) { return .int }
        }
        if text == "<<" { return .merge }
        if first == nil || "~nN".contains(first!), matches(nullRegex, text) { return .null }
        if let first, first.isASCII, first.isNumber, matches(timestampRegex, text) { return .timestamp }
        if text == "=" { return .value }
        return .str
    }

    static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func constructBool(_ text: String) throws(SchemaDecodeError) -> PyYAMLValue {
        switch text.lowercased() {
        case "yes", "true", "on": return .bool(true)
        case "no", "false", "off": return .bool(false)
        default: throw SchemaDecodeError("invalid boolean value '\(text)'")
        }
    }

    static func constructInt(_ raw: String) throws(SchemaDecodeError) -> PyYAMLValue {
        var text = raw.replacingOccurrences(of: "_", with: "")
        var negative = false
        if text.hasPrefix("-") { negative = true }
        if text.hasPrefix("-") || text.hasPrefix("+") { text.removeFirst() }
        let invalid = SchemaDecodeError("invalid literal for int(): '\(raw)'")
        guard !text.isEmpty else { throw invalid }
        if text == "0" { return .int(0) }
        if text.hasPrefix("0b") { return try integer(String(text.dropFirst(2)), radix: 2, negative, invalid) }
        if text.hasPrefix("0x") { return try integer(String(text.dropFirst(2)), radix: 16, negative, invalid) }
        if text.hasPrefix("0") { return try integer(text, radix: 8, negative, invalid) }
        if text.contains(":") {
            var total = 0.0
            for part in text.split(separator: ":", omittingEmptySubsequences: false) {
                guard let digit = Int64(part) else { throw invalid }
                total = total * 60 + Double(digit)
            }
            return wholeNumber(negative ? -total : total)
        }
        return try integer(text, radix: 10, negative, invalid)
    }

    private static func integer(_ digits: String, radix: Int, _ negative: Bool, _ invalid: SchemaDecodeError) throws(SchemaDecodeError) -> PyYAMLValue {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) else { throw invalid }
        if let value = Int64(digits, radix: radix) { return .int(negative ? -value : value) }
        // Beyond Int64: Python later converts the exact int to the nearest double; Double(String)
        // rounds correctly for decimal digits.
        if radix == 10, let value = Double(digits) { return .bigInt(negative ? -value : value) }
        var total = 0.0
        for char in digits { total = total * Double(radix) + Double(Int(String(char), radix: radix)!) }
        return .bigInt(negative ? -total : total)
    }

    private static func wholeNumber(_ value: Double) -> PyYAMLValue {
        if abs(value) < 9.2e18 { return .int(Int64(value)) }
        return .bigInt(value)
    }

    static func constructFloat(_ raw: String) throws(SchemaDecodeError) -> PyYAMLValue {
        var text = raw.replacingOccurrences(of: "_", with: "").lowercased()
        var sign = 1.0
        if text.hasPrefix("-") { sign = -1 }
        if text.hasPrefix("-") || text.hasPrefix("+") { text.removeFirst() }
        if text == ".inf" { return .float(sign * .infinity) }
        if text == ".nan" { return .float(.nan) }
        let invalid = SchemaDecodeError("could not convert string to float: '\(raw)'")
        if text.contains(":") {
            var total = 0.0
            for part in text.split(separator: ":", omittingEmptySubsequences: false) {
                guard let digit = pythonFloat(String(part)) else { throw invalid }
                total = total * 60 + digit
            }
            return .float(sign * total)
        }
        guard let value = pythonFloat(text) else { throw invalid }
        return .float(sign * value)
    }

    /// Python's float() for the digit forms YAML allows ("1.", ".5", "1.e+5").
    static func pythonFloat(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isNumber || "+-.e".contains($0) }) else { return nil }
        var normalised = text
        if normalised.hasPrefix(".") { normalised = "0" + normalised }
        normalised = normalised.replacingOccurrences(of: ".e", with: ".0e")
        if normalised.hasSuffix(".") { normalised += "0" }
        return Double(normalised)
    }

    static func constructTimestamp(_ text: String) throws(SchemaDecodeError) -> PyYAMLValue {
        let invalid = SchemaDecodeError("invalid timestamp '\(text)'")
        guard let match = timestampPartsRegex.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text))
        else { throw invalid }
        func group(_ index: Int) -> String? {
            guard let range = Range(match.range(at: index), in: text) else { return nil }
            return String(text[range])
        }
        let year = Int(group(1)!)!, month = Int(group(2)!)!, day = Int(group(3)!)!
        guard (1...12).contains(month) else { throw SchemaDecodeError("month must be in 1..12") }
        guard year >= 1, (1...daysIn(month: month, year: year)).contains(day) else {
            throw SchemaDecodeError("day is out of range for month")
        }
        guard let hourText = group(4) else { return .date(YAMLDate(year: year, month: month, day: day)) }
        let hour = Int(hourText)!, minute = Int(group(5)!)!, second = Int(group(6)!)!
        guard hour < 24 else { throw SchemaDecodeError("hour must be in 0..23") }
        guard minute < 60 else { throw SchemaDecodeError("minute must be in 0..59") }
        guard second < 60 else { throw SchemaDecodeError("second must be in 0..59") }
        var microsecond = 0
        if let fraction = group(7), !fraction.isEmpty {
            // PyYAML keeps the first six digits and pads to six.
            let six = String((fraction + "000000").prefix(6))
            microsecond = Int(six)!
        }
        var offset: Int?
        if let sign = group(9) {
            let minutes = Int(group(10)!)! * 60 + Int(group(11) ?? "0")!
            guard minutes < 24 * 60 else {
                throw SchemaDecodeError("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).")
            }
            offset = sign == "-" ? -minutes : minutes
        } else if group(8) != nil {
            offset = 0
        }
        return .timestamp(YAMLTimestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            microsecond: microsecond, offsetMinutes: offset))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
