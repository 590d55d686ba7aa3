import Foundation
import Testing
@testable import PioreactorCore

@Suite struct DetachedProcessTests {
    @Test func missingExecutableReadsLikePython() async {
        let outcome = await DetachedProcess.start(argv: ["/nonexistent/pio", "run"], environment: [:], graceWindow: .seconds(1))
        #expect(outcome == .spawnFailed(errno: ENOENT, message: "[Errno 2] No such file or directory: '/nonexistent/pio'"))
    }

    @Test func earlyExitReportsCodeAndMergedOutput() async {
        let outcome = await DetachedProcess.start(
            argv: ["/bin/sh", "-c", "echo out; echo err >&2; exit 3"], environment: [:], graceWindow: .seconds(2))
        #expect(outcome == .exited(exitCode: 3, output: "out\nerr"))
    }

    @Test func signalIsANegativeCode() async {
        let outcome = await DetachedProcess.start(argv: ["/bin/sh", "-c", "kill -TERM $$"], environment: [:], graceWindow: .seconds(2))
        #expect(outcome == .exited(exitCode: -15, output: ""))
    }

    @Test func childGetsExactlyTheEnvironmentAndItsOwnSession() async throws {
        let outcome = await DetachedProcess.start(
            argv: ["/bin/sh", "-c", "echo \"$ONLY|${HOME:-none}\"; ps -o sid= -p $$ | tr -d ' '; echo $$; read line || echo stdin-empty"],
            environment: ["ONLY": "me"], graceWindow: .seconds(2))
        guard case .exited(0, let output) = outcome else {
            Issue.record("unexpected \(outcome)")
            return
        }
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "me|none")
        if lines.count == 4 {
            // Session id == its own pid: it leads a new session.
            #expect(lines[1] == lines[2])
        }
        #expect(lines.last == "stdin-empty")
    }

    @Test func stillRunningAfterTheGraceWindow() async {
        let start = ContinuousClock.now
        let outcome = await DetachedProcess.start(argv: ["/bin/sleep", "30"], environment: [:], graceWindow: .milliseconds(300))
        guard case .running(let pid) = outcome else {
            Issue.record("unexpected \(outcome)")
            return
        }
        #expect(ContinuousClock.now - start >= .milliseconds(300))
        #expect(kill(pid, 0) == 0)
        kill(pid, SIGKILL)
    }

    @Test func childInheritsOnlyStandardDescriptors() async throws {
        // A descriptor the parent holds open without close-on-exec (like an accepted socket).
        let leaked = open("/dev/null", O_RDONLY)
        #expect(leaked > 2)
        defer { close(leaked) }
        let outcome = await DetachedProcess.start(
            argv: ["/bin/sh", "-c", "ls /proc/$$/fd"], environment: [:], graceWindow: .seconds(2))
        guard case .exited(0, let output) = outcome else {
            Issue.record("unexpected \(outcome)")
            return
        }
        // ls itself opens the folder; the shell holds 0, 1, 2 and nothing else of ours.
        let descriptors = Set(output.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) })
        #expect(!descriptors.contains(leaked))
        #expect(descriptors.isSuperset(of: [0, 1, 2]))
        #expect(descriptors.subtracting([0, 1, 2]).count <= 1)
    }
}
