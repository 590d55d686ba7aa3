import Testing
@testable import PioreactorCore

@Suite("JobCatalog")
struct JobCatalogTests {
    static func referenceEntries(_ text: String) -> [JSONValue] {
        JSONValue.expect(text).arrayValue ?? []
    }

    static func entry(_ list: [JSONValue], _ job: String, _ automation: String? = nil) -> JSONValue? {
        list.first { $0["job_name"]?.stringValue == job && $0["automation_name"]?.stringValue == automation }
    }

    @Test(arguments: [
        ("stirring", nil), ("add_media", nil), ("dosing_automation", "turbidostat"), ("od_blank delete", nil),
        ("pumps", nil), ("temperature_automation", "thermostat"), ("dosing_automation", "fed_batch"),
        ("led_intensity", nil), ("experiment_profile execute", nil),
    ] as [(String, String?)])
    func entriesMatchTheReference(job: String, automation: String?) throws {
        let ours = JobCatalog.builtIn.capabilities().arrayValue ?? []
        let reference = Self.referenceEntries(ReferenceCatalogData.capabilitiesLeader)
        let mine = try #require(Self.entry(ours, job, automation))
        let theirs = try #require(Self.entry(reference, job, automation))
        #expect(mine.encoded() == theirs.encoded())
    }

    @Test func wholeLeaderListMatchesTheReference() {
        let ours = JobCatalog.builtIn.capabilities(isLeader: true)
        #expect(ours.encoded() == JSONValue.expect(ReferenceCatalogData.capabilitiesLeader).encoded())
    }

    @Test func sortOrderIsByJobThenAutomation() {
        let keys = JobCatalog.builtIn.capabilityEntries().map { "\($0.jobName)/\($0.automationName ?? "")" }
        #expect(keys == [
            "add_alt_media/", "add_media/", "backup_database/", "circulate_alt_media/", "circulate_media/",
            "dosing_automation/chemostat", "dosing_automation/fed_batch", "dosing_automation/pid_morbidostat",
            "dosing_automation/silent", "dosing_automation/turbidostat", "experiment_profile/",
            "experiment_profile execute/", "experiment_profile verify/", "export_experiment_data/",
            "growth_rate_calculating/", "growth_rate_calculating clear_cache/", "led_automation/light_dark_cycle",
            "led_automation/silent", "led_intensity/", "monitor/", "mqtt_to_db_streaming/", "od_blank/",
            "od_blank delete/", "od_reading/", "pumps/", "remove_waste/", "self_test/", "stirring/",
            "temperature_automation/only_record_temperature", "temperature_automation/thermostat",
        ])
    }

    /// The recorded worker list came from a reference install with the leader extras, where the
    /// leader-only `mqtt_to_db_streaming` job class still loads; a real worker cannot run it, and
    /// the leader's UI showed it there (issue 12), so ours drops that job as well.
    @Test func workerListDropsLeaderCommandsAndJobs() {
        let ours = JobCatalog.builtIn.capabilities(isLeader: false)
        let recorded = JSONValue.expect(ReferenceCatalogData.capabilitiesWorker)
        let expected = JSONValue.array((recorded.arrayValue ?? []).filter { $0["job_name"] != "mqtt_to_db_streaming" })
        #expect((recorded.arrayValue ?? []).count == (expected.arrayValue ?? []).count + 1)
        #expect(ours.encoded() == expected.encoded())
        #expect(JobCatalog.builtIn.capabilityEntries(isLeader: false).allSatisfy { !$0.leaderOnly })
    }

    @Test func leaderOnlyFlagsAreSet() {
        let leaderOnly = Set(JobCatalog.builtIn.capabilityEntries().filter(\.leaderOnly).map(\.jobName))
        #expect(leaderOnly == ["backup_database", "experiment_profile", "experiment_profile execute", "experiment_profile verify", "export_experiment_data", "mqtt_to_db_streaming"])
    }

    @Test func lookupsFindCommandsJobsAndAutomations() {
        let catalog = JobCatalog.builtIn
        #expect(catalog.command(named: "od_blank delete")?.options.map(\.longFlag) == ["experiment"])
        #expect(catalog.command(named: "nope") == nil)
        #expect(catalog.job(named: "stirring")?.allPublishedSettings.last == .state)
        #expect(catalog.automations(of: "dosing_automation") == ["chemostat", "fed_batch", "pid_morbidostat", "silent", "turbidostat"])
        #expect(catalog.job(named: "dosing_automation") == nil)
    }
}
