/// One `--option` of a `pio run` command, as the capabilities API lists it.
public struct JobOption: Sendable, Equatable {
    /// The parameter name (`source_of_event`).
    public var name: String
    /// The long flag without dashes (`source-of-event`; `A` for led_intensity's channel A).
    public var longFlag: String
    public var help: String
    public var required: Bool
    public var multiple: Bool
    public var defaultValue: JSONValue
    /// Click's type name: `float`, `text`, `boolean`, `integer`, `float range`, `integer range`, …
    public var type: String

    public init(
        _ name: String, flag: String? = nil, type: String, help: String = "", required: Bool = false,
        multiple: Bool = false, default defaultValue: JSONValue = .null
    ) {
        self.name = name
        self.longFlag = flag ?? name.replacingOccurrences(of: "_", with: "-")
        self.help = help
        self.required = required
        self.multiple = multiple
        self.defaultValue = defaultValue
        self.type = type
    }

    public var json: JSONValue {
        .object(JSONObject([
            ("name", .string(name)), ("long_flag", .string(longFlag)), ("help", .string(help)),
            ("required", .bool(required)), ("multiple", .bool(multiple)), ("default", defaultValue),
            ("type", .string(type)),
        ]))
    }
}

/// One positional argument of a `pio run` command.
public struct JobArgument: Sendable, Equatable {
    public var name: String
    /// 1 for a single value, -1 for "any number".
    public var nargs: Int
    public var required: Bool
    /// `text` or `path`.
    public var type: String

    public init(_ name: String, type: String, nargs: Int = 1, required: Bool = true) {
        self.name = name
        self.nargs = nargs
        self.required = required
        self.type = type
    }

    public var json: JSONValue {
        .object(JSONObject([
            ("name", .string(name)), ("nargs", .int(Int64(nargs))), ("required", .bool(required)),
            ("type", .string(type)),
        ]))
    }
}

/// A published setting of a background job (jobs.md §3).
public struct PublishedSettingSpec: Sendable, Equatable {
    public var name: String
    public var datatype: String
    public var settable: Bool
    public var unit: String?
    public var persist: Bool?
    /// A few settings are declared with `unit` before `settable`; the API keeps that key order.
    public var unitFirst: Bool

    public init(
        _ name: String, datatype: String, settable: Bool = false, unit: String? = nil, persist: Bool? = nil,
        unitFirst: Bool = false
    ) {
        self.name = name
        self.datatype = datatype
        self.settable = settable
        self.unit = unit
        self.persist = persist
        self.unitFirst = unitFirst
    }

    /// The `$state` setting every background job has.
    public static let state = PublishedSettingSpec("$state", datatype: "text", settable: true)

    public var json: JSONValue {
        var object = JSONObject()
        object["datatype"] = .string(datatype)
        if unitFirst, let unit { object["unit"] = .string(unit) }
        object["settable"] = .bool(settable)
        if !unitFirst, let unit { object["unit"] = .string(unit) }
        if let persist { object["persist"] = .bool(persist) }
        return .object(object)
    }
}

/// A `pio run` command or subcommand (`od_blank delete`), with its CLI interface.
public struct CLICommand: Sendable, Equatable {
    public var name: String
    public var help: String
    public var arguments: [JobArgument]
    public var options: [JobOption]
    /// Registered only on the leader (the reference's `am_I_leader()` lazy commands).
    public var leaderOnly: Bool

    public init(
        name: String, help: String, arguments: [JobArgument] = [], options: [JobOption] = [], leaderOnly: Bool = false
    ) {
        self.name = name
        self.help = help
        self.arguments = arguments
        self.options = options
        self.leaderOnly = leaderOnly
    }
}

/// A long-lived background job (or one automation of an automation job) and its published settings.
public struct BackgroundJobSpec: Sendable, Equatable {
    public var jobName: String
    public var automationName: String?
    /// Declared settings, without `$state` (always added when rendered).
    public var publishedSettings: [PublishedSettingSpec]
    public var leaderOnly: Bool

    public init(jobName: String, automationName: String? = nil, publishedSettings: [PublishedSettingSpec], leaderOnly: Bool = false) {
        self.jobName = jobName
        self.automationName = automationName
        self.publishedSettings = publishedSettings
        self.leaderOnly = leaderOnly
    }

    /// Declared settings followed by `$state`.
    public var allPublishedSettings: [PublishedSettingSpec] { publishedSettings + [.state] }
}
