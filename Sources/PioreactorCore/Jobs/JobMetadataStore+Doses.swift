import Foundation
import GRDB

extension JobMetadataStore {
    /// The pump actions whose runs are the local equivalent of `dosing_events`.
    public static let dosingJobNames = ["add_media", "add_alt_media", "remove_waste", "circulate_media", "circulate_alt_media"]

    /// The newest job_id of a pump action for the experiment (running or ended), nil when none ran.
    /// It only grows, so a change means a dose happened since the last look.
    public func latestDoseJobId(experiment: String) async throws -> Int64? {
        let names = Self.dosingJobNames
        return try await database.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT MAX(job_id) FROM pio_job_metadata
                WHERE experiment = ? AND job_name IN (\(names.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments([experiment] + names))
        }
    }
}
