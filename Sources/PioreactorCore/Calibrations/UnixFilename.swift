/// The reference's `is_valid_unix_filename` (unit-api.md §1.10): one portable path component.
public enum UnixFilename {
    /// True when `name` is a safe single filename: not `.`/`..`, no leading `.` or `-`, no `/` `\`
    /// or control chars, at most 255 UTF-8 bytes, and only `[A-Za-z0-9._-]` words joined by single spaces.
    /// The empty string is invalid (the reference crashes on it).
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 255, name != ".", name != ".." else { return false }
        if bytes[0] == UInt8(ascii: ".") || bytes[0] == UInt8(ascii: "-") { return false }
        // Words of allowed bytes separated by exactly one space, none leading or trailing.
        var previousWasSpace = true
        for byte in bytes {
            if byte == UInt8(ascii: " ") {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else if isWordByte(byte) {
                previousWasSpace = false
            } else {
                return false
            }
        }
        return !previousWasSpace
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
