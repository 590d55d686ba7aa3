// Data from the reference's `pio run` commands (help texts, defaults and types kept verbatim).

extension JobCatalog {
    /// The dosing automation job and its automations.
    static let dosingAutomationCommands: [CLICommand] = [
        CLICommand(
            name: "dosing_automation",
            help: "Start a dosing automation",
            options: [
                JobOption("automation_name", type: "text", help: "set the automation of the system: silent, etc.", required: true),
                JobOption("duration", type: "float", help: "Time, in minutes, between every execution of the algorithm.", default: .double(60.0)),
                JobOption("skip_first_run", type: "integer range", help: "Normally algo will run immediately. Set this flag to wait <duration>min before executing."),
            ]
        ),
    ]

    /// What every dosing automation publishes besides its own settings.
    static let dosingCommonSettings: [PublishedSettingSpec] = [
                PublishedSettingSpec("automation_name", datatype: "string"),
                PublishedSettingSpec("latest_event", datatype: "AutomationEvent"),
                PublishedSettingSpec("alt_media_throughput", datatype: "float", unit: "mL", persist: true),
                PublishedSettingSpec("media_throughput", datatype: "float", unit: "mL", persist: true),
    ]

    static let dosingAutomationJobs: [BackgroundJobSpec] = [
        BackgroundJobSpec(
            jobName: "dosing_automation",
            automationName: "chemostat",
            publishedSettings: dosingCommonSettings + [
                PublishedSettingSpec("duration", datatype: "float", settable: true, unit: "min"),
                PublishedSettingSpec("exchange_volume_ml", datatype: "float", settable: true, unit: "mL"),
            ]
        ),
        BackgroundJobSpec(
            jobName: "dosing_automation",
            automationName: "fed_batch",
            publishedSettings: dosingCommonSettings + [
                PublishedSettingSpec("duration", datatype: "float", settable: true, unit: "min"),
                PublishedSettingSpec("dosing_volume_ml", datatype: "float", settable: true, unit: "mL", unitFirst: true),
            ]
        ),
        BackgroundJobSpec(
            jobName: "dosing_automation",
            automationName: "pid_morbidostat",
            publishedSettings: dosingCommonSettings + [
                PublishedSettingSpec("duration", datatype: "float", settable: true, unit: "min"),
                PublishedSettingSpec("exchange_volume_ml", datatype: "float", settable: true, unit: "mL"),
                PublishedSettingSpec("target_normalized_od", datatype: "float", settable: true, unit: "AU"),
                PublishedSettingSpec("target_growth_rate", datatype: "float", settable: true, unit: "h⁻¹"),
            ]
        ),
        BackgroundJobSpec(
            jobName: "dosing_automation",
            automationName: "silent",
            publishedSettings: dosingCommonSettings + [
                PublishedSettingSpec("duration", datatype: "float", settable: true, unit: "min"),
            ]
        ),
        BackgroundJobSpec(
            jobName: "dosing_automation",
            automationName: "turbidostat",
            publishedSettings: dosingCommonSettings + [
                PublishedSettingSpec("duration", datatype: "float", unit: "min"),
                PublishedSettingSpec("exchange_volume_ml", datatype: "float", settable: true, unit: "mL"),
                PublishedSettingSpec("target_biomass", datatype: "float", settable: true, unit: "OD/AU"),
                PublishedSettingSpec("biomass_signal", datatype: "string", settable: true),
            ]
        ),
    ]
}
