// Data from the reference's `pio run` commands (help texts, defaults and types kept verbatim).

extension JobCatalog {
    /// Optical density reading and blanking.
    static let odReadingCommands: [CLICommand] = [
        CLICommand(
            name: "od_reading",
            help: "Start the optical density reading job",
            options: [
                JobOption("fake_data", type: "boolean", help: "produce fake data (for testing)", default: false),
                JobOption("interval", type: "float", help: "seconds between readings"),
                JobOption("ir_led_intensity", type: "float", help: "IR LED intensity (percent)"),
                JobOption("snapshot", type: "boolean", help: "take one reading and exit", default: false),
            ]
        ),
        CLICommand(
            name: "od_blank",
            help: "Compute statistics about the blank OD time series",
            options: [
                JobOption("n_samples", type: "integer", help: "Number of samples", default: .int(30)),
            ]
        ),
        CLICommand(
            name: "od_blank delete",
            help: "",
            options: [
                JobOption("experiment", type: "text", help: "delete particular experiment"),
            ]
        ),
    ]

    static let odReadingJobs: [BackgroundJobSpec] = [
        BackgroundJobSpec(
            jobName: "od_reading",
            publishedSettings: [
                PublishedSettingSpec("first_od_obs_time", datatype: "float"),
                PublishedSettingSpec("ir_led_intensity", datatype: "float", settable: true, unit: "%"),
                PublishedSettingSpec("interval", datatype: "float", settable: true, unit: "s"),
                PublishedSettingSpec("relative_intensity_of_ir_led", datatype: "json"),
                PublishedSettingSpec("ods", datatype: "ODReadings"),
                PublishedSettingSpec("od1", datatype: "ODReading"),
                PublishedSettingSpec("od2", datatype: "ODReading"),
                PublishedSettingSpec("od3", datatype: "ODReading"),
                PublishedSettingSpec("od4", datatype: "ODReading"),
                PublishedSettingSpec("raw_od1", datatype: "RawODReading"),
                PublishedSettingSpec("raw_od2", datatype: "RawODReading"),
                PublishedSettingSpec("raw_od3", datatype: "RawODReading"),
                PublishedSettingSpec("raw_od4", datatype: "RawODReading"),
                PublishedSettingSpec("calibrated_od1", datatype: "CalibratedODReading"),
                PublishedSettingSpec("calibrated_od2", datatype: "CalibratedODReading"),
                PublishedSettingSpec("calibrated_od3", datatype: "CalibratedODReading"),
                PublishedSettingSpec("calibrated_od4", datatype: "CalibratedODReading"),
                PublishedSettingSpec("od_fused", datatype: "ODFused"),
            ]
        ),
    ]
}
