import Foundation

/// POSIX shell quoting with Python's `shlex.quote` rules; the reference passes plugin names through it.
public enum ShellQuote {
    public static func quote(_ text: String) -> String {
        if text.isEmpty { return "''" }
        if text.unicodeScalars.allSatisfy(isSafe) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }

    private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        case "_", "@", "%", "+", "=", ":", ",", ".", "/", "-": return true
        default: return false
        }
    }
}
