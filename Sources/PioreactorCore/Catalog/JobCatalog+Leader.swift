// Data from the reference's `pio run` commands (help texts, defaults and types kept verbatim).

extension JobCatalog {
    /// Leader-only jobs and actions (the API lists them only on the leader).
    static let leaderCommands: [CLICommand] = [
        CLICommand(
            name: "mqtt_to_db_streaming",
            help: "(leader only) Send MQTT streams to the database. Parsers should return a dict of all the entries in the corresponding table.",
            leaderOnly: true
        ),
        CLICommand(
            name: "export_experiment_data",
            help: "(leader only) Export datasets from db.",
            options: [
                JobOption("experiment", type: "text", multiple: true, default: .array([])),
                JobOption("output", type: "text", default: .string("./output.zip")),
                JobOption("partition_by_unit", type: "boolean", default: false),
                JobOption("partition_by_experiment", type: "boolean", default: false),
                JobOption("dataset_name", type: "text", multiple: true, default: .array([])),
                JobOption("start_time", type: "text", help: "iso8601"),
                JobOption("end_time", type: "text", help: "iso8601"),
            ],
            leaderOnly: true
        ),
        CLICommand(
            name: "backup_database",
            help: "(leader only) Backup db to workers.",
            options: [
                JobOption("output", type: "text", default: .string("/home/pioreactor/.pioreactor/storage/pioreactor.sqlite.backup")),
                JobOption("force", type: "boolean", help: "force backing up", default: false),
                JobOption("backup_to_workers", type: "integer", help: "back up db to N workers"),
            ],
            leaderOnly: true
        ),
        CLICommand(
            name: "experiment_profile",
            help: "(leader only) Run and manage experiment profiles",
            leaderOnly: true
        ),
        CLICommand(
            name: "experiment_profile execute",
            help: "(leader only) Run an experiment profile.",
            arguments: [
                JobArgument("filename", type: "path"),
                JobArgument("experiment", type: "text"),
            ],
            options: [
                JobOption("dry_run", type: "boolean", help: "Don't actually execute, just print to screen", default: false),
            ],
            leaderOnly: true
        ),
        CLICommand(
            name: "experiment_profile verify",
            help: "(leader only) Verify an experiment profile for correctness.",
            arguments: [
                JobArgument("filename", type: "path"),
            ],
            leaderOnly: true
        ),
    ]

    static let leaderJobs: [BackgroundJobSpec] = [
        BackgroundJobSpec(
            jobName: "mqtt_to_db_streaming",
            publishedSettings: [],
            leaderOnly: true
        ),
    ]
}
