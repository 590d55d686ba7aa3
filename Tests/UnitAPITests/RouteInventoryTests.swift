import Testing
@testable import UnitAPI

/// The server registers exactly the spec's method/path pairs (unit-api.md §2) plus our additions.
@Suite struct RouteInventoryTests {
    /// Routes the reference lacks.
    static let additions: [(String, String)] = [
        ("GET", "/unit_api/openapi.json"),
    ]

    static let specIndex: [(String, String)] = [
        ("GET", "/unit_api/task_results/:task_id"),
        ("GET", "/unit_api/health"),
        ("GET", "/unit_api/versions/app"),
        ("POST", "/unit_api/jobs/run/job_name/:job_name"), ("PATCH", "/unit_api/jobs/run/job_name/:job_name"),
        ("POST", "/unit_api/jobs/stop"), ("PATCH", "/unit_api/jobs/stop"),
        ("POST", "/unit_api/jobs/stop/all"), ("PATCH", "/unit_api/jobs/stop/all"),
        ("GET", "/unit_api/jobs"),
        ("GET", "/unit_api/jobs/running"),
        ("GET", "/unit_api/jobs/running/:job_name"),
        ("GET", "/unit_api/jobs/running/experiments/:experiment"),
        ("GET", "/unit_api/long_running_jobs/running"),
        ("GET", "/unit_api/jobs/settings/job_name/:job_name"),
        ("GET", "/unit_api/jobs/settings/job_name/:job_name/setting/:setting"),
        ("PATCH", "/unit_api/jobs/settings/job_name/:job_name"),
        ("GET", "/unit_api/bioreactor/experiments/:experiment"),
        ("PATCH", "/unit_api/bioreactor/experiments/:experiment"),
        ("GET", "/unit_api/calibration_protocols"),
        ("GET", "/unit_api/calibrations"),
        ("GET", "/unit_api/calibrations/:device"),
        ("POST", "/unit_api/calibrations/:device"),
        ("GET", "/unit_api/calibrations/:device/:calibration_name"),
        ("DELETE", "/unit_api/calibrations/:device/:calibration_name"),
        ("GET", "/unit_api/active_calibrations"),
        ("PATCH", "/unit_api/active_calibrations/:device/:calibration_name"),
        ("DELETE", "/unit_api/active_calibrations/:device"),
        ("GET", "/unit_api/zipped_calibrations"),
        ("GET", "/unit_api/estimators"),
        ("GET", "/unit_api/estimators/:device"),
        ("GET", "/unit_api/estimators/:device/:estimator_name"),
        ("DELETE", "/unit_api/estimators/:device/:estimator_name"),
        ("GET", "/unit_api/active_estimators"),
        ("PATCH", "/unit_api/active_estimators/:device/:estimator_name"),
        ("DELETE", "/unit_api/active_estimators/:device"),
        ("GET", "/unit_api/config/merged"),
        ("GET", "/unit_api/config/specific"),
        ("POST", "/unit_api/config/specific"), ("PATCH", "/unit_api/config/specific"),
        ("GET", "/unit_api/plugins/installed"),
        ("GET", "/unit_api/plugins/installed/:filename"),
        ("POST", "/unit_api/plugins/install"), ("PATCH", "/unit_api/plugins/install"),
        ("POST", "/unit_api/plugins/uninstall"), ("PATCH", "/unit_api/plugins/uninstall"),
        ("GET", "/unit_api/jobs/descriptors"),
        ("GET", "/unit_api/automations/descriptors/:automation_type"),
        ("GET", "/unit_api/capabilities"),
        ("POST", "/unit_api/hardware/check"), ("PATCH", "/unit_api/hardware/check"),
        ("GET", "/unit_api/system/path/"),
        ("GET", "/unit_api/system/path/**"),
        ("POST", "/unit_api/system/remove_file"), ("PATCH", "/unit_api/system/remove_file"),
        ("GET", "/unit_api/zipped_dot_pioreactor"),
        ("POST", "/unit_api/import_zipped_dot_pioreactor"),
        ("POST", "/unit_api/system/reboot"), ("PATCH", "/unit_api/system/reboot"),
        ("POST", "/unit_api/system/shutdown"), ("PATCH", "/unit_api/system/shutdown"),
        ("POST", "/unit_api/system/update"), ("PATCH", "/unit_api/system/update"),
        ("POST", "/unit_api/system/update/:target"), ("PATCH", "/unit_api/system/update/:target"),
        ("GET", "/unit_api/system/utc_clock"),
        ("POST", "/unit_api/system/utc_clock"), ("PATCH", "/unit_api/system/utc_clock"),
        ("GET", "/unit_api/system/web_server/status"),
        ("POST", "/unit_api/system/web_server/restart"), ("PATCH", "/unit_api/system/web_server/restart"),
    ]

    @Test func specIndexHas71Pairs() {
        #expect(Self.specIndex.count == 71)
        #expect(Set(Self.specIndex.map { "\($0.0) \($0.1)" }).count == 71)
    }

    @Test func registeredRoutesAreExactlyTheSpecIndexPlusAdditions() throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let spec = Set((Self.specIndex + Self.additions).map { "\($0.0) \($0.1)" })
        #expect(spec.count == 72)
        let registered = UnitApplication.registeredRoutes(services: unit.services).map { "\($0.method) \($0.path)" }
        #expect(registered.count == Set(registered).count, "no duplicates")
        #expect(Set(registered).subtracting(spec).isEmpty, "unexpected: \(Set(registered).subtracting(spec).sorted())")
        #expect(spec.subtracting(registered).isEmpty, "missing: \(spec.subtracting(registered).sorted())")
    }
}
