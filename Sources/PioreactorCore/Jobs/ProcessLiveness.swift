#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a pid names a live process on this machine.
enum ProcessLiveness {
    /// `kill(pid, 0)`: only ESRCH means gone (EPERM is someone else's live process). A recycled
    /// pid counts as alive; non-positive pids are never judged dead.
    static func isAlive(_ pid: Int64) -> Bool {
        guard pid > 0, pid <= Int64(Int32.max) else { return true }
        if kill(pid_t(pid), 0) == 0 { return true }
        return errno != ESRCH
    }
}
