// Data from the reference's `pio run` commands (help texts, defaults and types kept verbatim).

extension JobCatalog {
    /// The dose-size options every dosing action shares.
    static let doseOptions: [JobOption] = [
                JobOption("ml", type: "float"),
                JobOption("duration", type: "float"),
                JobOption("continuously", type: "boolean", help: "continuously run until stopped.", default: false),
    ]

    /// Pump actions: dosing, circulating and pump scripts.
    static let pumpsCommands: [CLICommand] = [
        CLICommand(
            name: "add_media",
            help: "Add media to unit",
            options: doseOptions + [
                JobOption("source_of_event", type: "text", help: "who is calling this function - data goes into database and MQTT", default: .string("CLI")),
            ]
        ),
        CLICommand(
            name: "remove_waste",
            help: "Remove waste/media from unit",
            options: doseOptions + [
                JobOption("source_of_event", type: "text", help: "who is calling this function - for logging", default: .string("CLI")),
            ]
        ),
        CLICommand(
            name: "add_alt_media",
            help: "Add alt-media from unit",
            options: doseOptions + [
                JobOption("source_of_event", type: "text", help: "who is calling this function - data goes into database and MQTT", default: .string("CLI")),
            ]
        ),
        CLICommand(
            name: "circulate_media",
            help: "Cycle waste/media from unit",
            options: [
                JobOption("duration", type: "float", required: true),
                JobOption("source_of_event", type: "text", help: "who is calling this function - data goes into database and MQTT", default: .string("CLI")),
            ]
        ),
        CLICommand(
            name: "circulate_alt_media",
            help: "Cycle waste/alt media from unit",
            options: [
                JobOption("duration", type: "float", required: true),
                JobOption("source_of_event", type: "text", help: "who is calling this function - data goes into database and MQTT", default: .string("CLI")),
            ]
        ),
        CLICommand(
            name: "pumps",
            help: "Run pumps in sequence. Accepts pairs of arguments where the first is the pump name (e.g., 'media', 'alt_media', 'waste') and the second is the volume in milliliters to pump.\nAlso accepts a \"sleep\" command (with the second arg being the number of seconds to sleep).\nExample:\n\npio run pumps --media 2 --waste 2 --media 1.5\n\nUse suffixed \"_\" to indicate the same pump multiple times for experiment profiles",
            arguments: [
                JobArgument("pump_script", type: "text", nargs: -1, required: false),
            ]
        ),
    ]
}
