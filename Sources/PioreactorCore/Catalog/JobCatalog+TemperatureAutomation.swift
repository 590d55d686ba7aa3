// Data from the reference's `pio run` commands (help texts, defaults and types kept verbatim).

extension JobCatalog {
    /// The temperature automation job and its automations.
    static let temperatureAutomationCommands: [CLICommand] = [
        CLICommand(
            name: "temperature_automation",
            help: "Start an Temperature automation",
            options: [
                JobOption("automation_name", type: "text", help: "set the automation of the system: silent, etc.", required: true),
            ]
        ),
    ]

    static let temperatureAutomationJobs: [BackgroundJobSpec] = [
        BackgroundJobSpec(
            jobName: "temperature_automation",
            automationName: "only_record_temperature",
            publishedSettings: [
                PublishedSettingSpec("automation_name", datatype: "string"),
                PublishedSettingSpec("latest_event", datatype: "AutomationEvent"),
                PublishedSettingSpec("temperature", datatype: "Temperature", unit: "℃"),
                PublishedSettingSpec("heater_duty_cycle", datatype: "float", unit: "%"),
            ]
        ),
        BackgroundJobSpec(
            jobName: "temperature_automation",
            automationName: "thermostat",
            publishedSettings: [
                PublishedSettingSpec("automation_name", datatype: "string"),
                PublishedSettingSpec("latest_event", datatype: "AutomationEvent"),
                PublishedSettingSpec("temperature", datatype: "Temperature", unit: "℃"),
                PublishedSettingSpec("heater_duty_cycle", datatype: "float", unit: "%"),
                PublishedSettingSpec("target_temperature", datatype: "float", settable: true, unit: "℃", unitFirst: true),
            ]
        ),
    ]
}
