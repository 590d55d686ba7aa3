import Foundation
import PioreactorCore

/// Struct timestamps of jobs.md §4: UTC, milliseconds padded to 6 digits, `Z`.
public enum StructTimestamp {
    public static func now(_ date: Date = Date()) -> String {
        String(ISOTime.milliseconds(date).dropLast()) + "000Z"
    }
}
