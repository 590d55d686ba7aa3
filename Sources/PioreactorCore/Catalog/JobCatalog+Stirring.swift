// Data from the reference's `pio run` commands (help texts, defaults and types kept verbatim).

extension JobCatalog {
    /// The stirring job.
    static let stirringCommands: [CLICommand] = [
        CLICommand(
            name: "stirring",
            help: "Start the stirring of the Pioreactor.",
            options: [
                JobOption("target_rpm", type: "float range", help: "set the target RPM"),
                JobOption("use_rpm", type: "boolean", help: "Use RPM feedback loop."),
                JobOption("duty_cycle", type: "float range", help: "initial duty cycle (%)"),
                JobOption("target_rpm_during_od_reading", type: "float", help: "override RPM during OD readings"),
                JobOption("target_rpm_outside_od_reading", type: "float", help: "override RPM outside OD readings"),
                JobOption("enable_dodging_od", type: "boolean"),
                JobOption("measure_rpm_only", type: "boolean", help: "Measure and publish RPM without PID control. Duty cycle stays fixed.", default: false),
            ]
        ),
    ]

    static let stirringJobs: [BackgroundJobSpec] = [
        BackgroundJobSpec(
            jobName: "stirring",
            publishedSettings: [
                PublishedSettingSpec("enable_dodging_od", datatype: "boolean", settable: true),
                PublishedSettingSpec("currently_dodging_od", datatype: "boolean"),
                PublishedSettingSpec("target_rpm", datatype: "float", settable: true, unit: "RPM"),
                PublishedSettingSpec("measured_rpm", datatype: "MeasuredRPM", unit: "RPM"),
                PublishedSettingSpec("duty_cycle", datatype: "float", settable: true, unit: "%"),
                PublishedSettingSpec("target_rpm_during_od_reading", datatype: "float", settable: true, unit: "RPM"),
                PublishedSettingSpec("target_rpm_outside_od_reading", datatype: "float", settable: true, unit: "RPM"),
            ]
        ),
    ]
}
