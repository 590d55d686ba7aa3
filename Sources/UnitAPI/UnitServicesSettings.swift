import Foundation
import PioreactorCore
import PioreactorTasks

/// The start-up choices of `UnitServices` that production leaves at their defaults and tests
/// change (a shorter reboot delay, a fake `pio`, a stepped clock); fixed once the services exist.
public struct UnitServicesSettings: Sendable {
    /// How long the leader waits inside `POST /system/reboot` before enqueueing.
    public var leaderRebootDelay: Duration = .seconds(5)
    /// Largest accepted `import_zipped_dot_pioreactor` request body; larger ones get 413.
    public var importUploadLimit = 512 << 20
    /// Where import uploads and the pre-import backups go (`$TMPDIR`, as in the reference).
    public var importScratchDirectory = FileManager.default.temporaryDirectory
    /// The per-job-name debounce of jobs/run: its window (s) and clock (Unix seconds).
    public var debounceWindow = 1.0
    public var debounceClock: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    /// The `pio` that runs jobs; nil: `$PIO_EXECUTABLE`, else this program.
    public var pioExecutable: String?
    /// The environment jobs start from; nil: this process's.
    public var jobEnvironment: [String: String]?
    /// Whether a job that exits 0 within its grace window counts as a success.
    public var exitZeroSucceeds = true
    /// What stops jobs; nil: signals to the pids of the job table.
    public var jobStopper: (any JobStopper)?

    public init() {}
}
