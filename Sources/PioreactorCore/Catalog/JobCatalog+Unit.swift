// Data from the reference's `pio run` commands (help texts, defaults and types kept verbatim).

extension JobCatalog {
    /// Unit-level jobs and actions: monitor, LED intensity, self-test.
    static let unitCommands: [CLICommand] = [
        CLICommand(
            name: "monitor",
            help: "Monitor and report metadata on the unit."
        ),
        CLICommand(
            name: "led_intensity",
            help: "Modify the intensity of LED channel(s)",
            options: [
                JobOption("a", flag: "A", type: "float range", help: "value between 0 and 100"),
                JobOption("b", flag: "B", type: "float range", help: "value between 0 and 100"),
                JobOption("c", flag: "C", type: "float range", help: "value between 0 and 100"),
                JobOption("d", flag: "D", type: "float range", help: "value between 0 and 100"),
                JobOption("source_of_event", type: "text", help: "whom is calling this function (for logging purposes)", default: .string("CLI")),
                JobOption("no_log", type: "boolean", help: "skip logging", default: false),
            ]
        ),
        CLICommand(
            name: "self_test",
            help: "Test the input/output in the Pioreactor",
            options: [
                JobOption("k", type: "text", help: "see pytest's -k argument"),
                JobOption("retry_failed", type: "text", help: "retry only previous failed tests"),
            ]
        ),
    ]

    static let unitJobs: [BackgroundJobSpec] = [
        BackgroundJobSpec(
            jobName: "monitor",
            publishedSettings: [
                PublishedSettingSpec("computer_statistics", datatype: "json"),
                PublishedSettingSpec("button_down", datatype: "boolean"),
                PublishedSettingSpec("versions", datatype: "json", settable: true),
                PublishedSettingSpec("voltage_on_pwm_rail", datatype: "Voltage"),
                PublishedSettingSpec("ipv4", datatype: "string"),
                PublishedSettingSpec("wlan_mac_address", datatype: "string"),
                PublishedSettingSpec("eth_mac_address", datatype: "string"),
            ]
        ),
    ]
}
