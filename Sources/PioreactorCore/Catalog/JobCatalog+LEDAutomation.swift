// Data from the reference's `pio run` commands (help texts, defaults and types kept verbatim).

extension JobCatalog {
    /// The LED automation job and its automations.
    static let ledAutomationCommands: [CLICommand] = [
        CLICommand(
            name: "led_automation",
            help: "Start an LED automation",
            options: [
                JobOption("automation_name", type: "text", help: "set the automation of the system: silent, etc.", required: true),
                JobOption("duration", type: "float", help: "Time, in minutes, between every monitor check", default: .double(60.0)),
                JobOption("skip_first_run", type: "integer range", help: "Normally algo will run immediately. Set this flag to wait <duration>min before executing."),
            ]
        ),
    ]

    static let ledAutomationJobs: [BackgroundJobSpec] = [
        BackgroundJobSpec(
            jobName: "led_automation",
            automationName: "light_dark_cycle",
            publishedSettings: [
                PublishedSettingSpec("automation_name", datatype: "string"),
                PublishedSettingSpec("latest_event", datatype: "AutomationEvent"),
                PublishedSettingSpec("duration", datatype: "float", unit: "min"),
                PublishedSettingSpec("light_intensity", datatype: "float", settable: true, unit: "%"),
                PublishedSettingSpec("light_duration_minutes", datatype: "integer", settable: true, unit: "min"),
                PublishedSettingSpec("dark_duration_minutes", datatype: "integer", settable: true, unit: "min"),
            ]
        ),
        BackgroundJobSpec(
            jobName: "led_automation",
            automationName: "silent",
            publishedSettings: [
                PublishedSettingSpec("automation_name", datatype: "string"),
                PublishedSettingSpec("latest_event", datatype: "AutomationEvent"),
                PublishedSettingSpec("duration", datatype: "float", settable: true, unit: "min"),
            ]
        ),
    ]
}
