import Foundation
import Testing
@testable import PioreactorCore

/// The one way to run a short command: PATH lookup, exit codes, both streams, extra
/// environment, output that would fill a pipe, and programs that cannot start.
@Suite struct ShortCommandTests {
    @Test func collectsExitCodeAndBothStreams() async throws {
        let outcome = try await ShortCommand.run(["sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(outcome == ShortCommand.Outcome(exitCode: 3, stdout: "out\n", stderr: "err\n"))
    }

    @Test func passesExtraEnvironmentOverTheInheritedOne() async throws {
        let outcome = try await ShortCommand.run(["sh", "-c", "printf '%s %s' \"$PIO_SHORT_TEST\" \"${PATH:+has-path}\""],
                                                 extraEnv: ["PIO_SHORT_TEST": "yes"])
        #expect(outcome.stdout == "yes has-path")
    }

    /// 2 MiB on each stream: more than a pipe holds, so both must be read while it runs.
    @Test func largeOutputDoesNotBlock() async throws {
        let outcome = try await ShortCommand.run(["sh", "-c", "head -c 2097152 /dev/zero; head -c 2097152 /dev/zero >&2"])
        #expect(outcome.exitCode == 0 && outcome.stdout.utf8.count == 2_097_152 && outcome.stderr.utf8.count == 2_097_152)
    }

    @Test func aSignalIsReportedAsItsNumber() async throws {
        let outcome = try await ShortCommand.run(["sh", "-c", "kill -TERM $$"])
        #expect(outcome.exitCode == SIGTERM)
    }

    @Test func aMissingProgramThrows() async {
        await #expect(throws: (any Error).self) { try await ShortCommand.run(["pio-no-such-program-\(UUID().uuidString)"]) }
    }
}
