import Testing
@testable import PioreactorCore

@Suite struct JobStopFilterTests {
    @Test func readsTheFilters() throws {
        let filter = try JobStopFilter.parse(JSONValue.parse(#"{"job_name":"stirring","experiment":"exp1","job_source":"user","job_id":12,"other":1}"#))
        #expect(filter == JobStopFilter(jobName: "stirring", experiment: "exp1", jobSource: "user", jobID: 12))
    }

    @Test func truthinessDecidesButEmptyValuesStayFilters() throws {
        // The reference quirk: "" passes the check along with a truthy field, then matches nothing.
        let filter = try JobStopFilter.parse(JSONValue.parse(#"{"job_name":"stirring","experiment":""}"#))
        #expect(filter == JobStopFilter(jobName: "stirring", experiment: ""))
        #expect(try JobStopFilter.parse(JSONValue.parse(#"{"job_id":"7"}"#)).jobID == 7)
    }

    @Test func noTruthyFilterIs400() {
        for body in ["{}", #"{"job_name":""}"#, #"{"experiment":null,"job_id":0}"#, #"{"unknown":"x"}"#] {
            #expect(throws: JobStopFilter.noFilter, "\(body)") { try JobStopFilter.parse(JSONValue.parse(body)) }
        }
    }

    @Test func wrongShapesAre400NotServerErrors() throws {
        #expect(throws: UnitError.self) { try JobStopFilter.parse(JSONValue.parse("[1]")) }
        do {
            _ = try JobStopFilter.parse(JSONValue.parse(#"{"job_name":5}"#))
            Issue.record("expected a 400")
        } catch let error as UnitError {
            #expect(error.status == 400)
            #expect(error.error == "Expected `str`, got `int` - at `$.job_name`")
        }
        #expect(throws: UnitError.self) { try JobStopFilter.parse(JSONValue.parse(#"{"job_id":"seven"}"#)) }
    }
}
