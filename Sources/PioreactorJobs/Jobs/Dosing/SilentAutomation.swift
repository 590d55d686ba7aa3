import PioreactorCore

/// `silent`: never doses; `execute()` returns no event, like the reference.
public actor SilentAutomation: DosingAutomation {
    public nonisolated let name = "silent"

    public init() {}

    public func start(_ io: any DosingIO) async throws -> [(String, SettingValue)] { [] }
    public func set(_ setting: String, text: String, io: any DosingIO) async throws -> SettingValue? { nil }
    public func execute(_ io: any DosingIO) async throws -> JSONValue? { nil }
}
