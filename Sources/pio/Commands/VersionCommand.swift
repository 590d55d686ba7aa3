import ArgumentParser
import PioreactorCore

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the app version.")

    func run() {
        print(PioreactorVersion.app)
    }
}
