/// Which running jobs `POST /jobs/stop` targets (spec §3.3): every non-nil field must match.
public struct JobStopFilter: Sendable, Equatable {
    public var jobName: String?
    public var experiment: String?
    public var jobSource: String?
    public var jobID: Int64?

    public init(jobName: String? = nil, experiment: String? = nil, jobSource: String? = nil, jobID: Int64? = nil) {
        self.jobName = jobName
        self.experiment = experiment
        self.jobSource = jobSource
        self.jobID = jobID
    }

    /// `400 No job filter specified` (empty body, `{}`, or only falsy filters).
    public static var noFilter: UnitError { UnitError(400, "No job filter specified") }

    /// Reads the raw JSON body. The 400 check uses truthiness while the filter keeps every
    /// non-null value, as the reference does (`{"job_name":"x","experiment":""}` matches nothing).
    /// Where the reference answers 500 (non-object body, wrong field type) this is a 400.
    public static func parse(_ body: JSONValue) throws(UnitError) -> JobStopFilter {
        guard case .object(let object) = body else {
            throw UnitError(400, "Expected `object`, got `\(body.typeName)`",
                            cause: "Request body is not a JSON object.", remediation: "Send a JSON object body.")
        }
        let filter = JobStopFilter(
            jobName: try text(object, "job_name"), experiment: try text(object, "experiment"),
            jobSource: try text(object, "job_source"), jobID: try integer(object, "job_id"))
        let truthy = [object["job_name"], object["experiment"], object["job_source"], object["job_id"]]
            .contains { $0?.isTruthy ?? false }
        guard truthy else { throw noFilter }
        return filter
    }

    private static func text(_ object: JSONObject, _ key: String) throws(UnitError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw wrongType("str", other, key)
        }
    }

    private static func integer(_ object: JSONObject, _ key: String) throws(UnitError) -> Int64? {
        switch object[key] {
        case nil, .null?: return nil
        case .int(let value)?: return value
        // SQLite compares an INTEGER column with '12' numerically, so a numeric string matches too.
        case .string(let value)? where Int64(value) != nil: return Int64(value)
        case let other?: throw wrongType("int", other, key)
        }
    }

    private static func wrongType(_ expected: String, _ value: JSONValue, _ key: String) -> UnitError {
        UnitError(400, "Expected `\(expected)`, got `\(value.typeName)` - at `$.\(key)`",
                  cause: "Request body did not match the expected schema.",
                  remediation: "Send job_name, experiment and job_source as strings and job_id as an integer.")
    }
}
