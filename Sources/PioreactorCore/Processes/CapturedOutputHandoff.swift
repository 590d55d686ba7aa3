import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A job started by the server writes stdout and stderr into an unlinked temp file that the
/// server reads only if the job exits within its start-up window. After that window nobody can
/// read it, so the job points both descriptors at the unit log instead of filling the temp file
/// for the whole run.
public enum CapturedOutputHandoff {
    /// Set by `DetachedProcess` on the child: how many seconds its output is watched.
    public static let windowVariable = "PIO_CAPTURED_OUTPUT_SECONDS"

    /// When this process runs with captured output, hands it over to the log file (or /dev/null)
    /// a second after the window ends and stops echoing log records to stderr.
    public static func scheduleIfCaptured(env: [String: String], sinks: UnitLogSinks) {
        guard let window = env[windowVariable].flatMap(Double.init), window >= 0, stdoutIsUnlinkedFile() else { return }
        Task.detached {
            try? await Task.sleep(for: .seconds(window + 1))
            handOver(sinks: sinks)
        }
    }

    /// Redirects stdout and stderr to the log file now.
    static func handOver(sinks: UnitLogSinks) {
        let target = sinks.file?.openDescriptor() ?? open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard target >= 0 else { return }
        sinks.silenceConsole()
        fflush(nil)  // every C stream, stdout included
        dup2(target, STDOUT_FILENO)
        dup2(target, STDERR_FILENO)
        close(target)
    }

    /// True when fd 1 is a regular file with no name left (the capture file).
    static func stdoutIsUnlinkedFile() -> Bool {
        var info = stat()
        guard fstat(STDOUT_FILENO, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG && info.st_nlink == 0
    }
}
