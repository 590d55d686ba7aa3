import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// A write refused because the disk (or quota) is full: from a system call, Foundation or
/// SQLite. The HTTP layer answers it with 507 and a remediation instead of the generic 500.
public enum StorageFull {
    public static let error = UnitError(
        507, "Insufficient storage.",
        cause: "The disk holding the unit's data is full, so the change was not saved.",
        remediation: "Free disk space on the unit, then retry.")

    /// Whether `error` (or the error it wraps) is ENOSPC/EDQUOT or SQLite's SQLITE_FULL.
    public static func matches(_ error: any Error) -> Bool {
        switch error {
        case let failure as POSIXFailure:
            return failure.isNoSpace
        case let database as DatabaseError:
            return database.resultCode == .SQLITE_FULL
        case let cocoa as CocoaError where cocoa.code == .fileWriteOutOfSpace:
            return true
        default:
            let ns = error as NSError
            if ns.domain == NSPOSIXErrorDomain { return ns.code == Int(ENOSPC) || ns.code == Int(EDQUOT) }
            if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error { return matches(underlying) }
            return false
        }
    }
}
