// Data from the reference's `pio run` commands (help texts, defaults and types kept verbatim).

extension JobCatalog {
    /// The growth-rate calculator.
    static let growthRateCommands: [CLICommand] = [
        CLICommand(
            name: "growth_rate_calculating",
            help: "Start calculating growth rate"
        ),
        CLICommand(
            name: "growth_rate_calculating clear_cache",
            help: ""
        ),
    ]

    static let growthRateJobs: [BackgroundJobSpec] = [
        BackgroundJobSpec(
            jobName: "growth_rate_calculating",
            publishedSettings: [
                PublishedSettingSpec("growth_rate", datatype: "GrowthRate", unit: "h⁻¹"),
                PublishedSettingSpec("od_filtered", datatype: "ODFiltered"),
                PublishedSettingSpec("kalman_filter_outputs", datatype: "KalmanFilterOutput"),
            ]
        ),
    ]
}
