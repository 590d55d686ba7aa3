import Foundation
import Testing
@testable import PioreactorCore

@Suite("DebounceCache")
struct DebounceCacheTests {
    @Test func followsTheOneSecondAlgorithm() async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        let debounce = DebounceCache(database: try CacheDatabase(path: temp.file("int.sqlite")))
        #expect(try await debounce.isRateLimited(jobName: "stirring", now: 100.0) == false)
        #expect(try await debounce.cache.get(.text("stirring")) == .real(100.0))
        // Rejected requests leave the stored time alone.
        #expect(try await debounce.isRateLimited(jobName: "stirring", now: 100.5) == true)
        #expect(try await debounce.isRateLimited(jobName: "stirring", now: 100.999) == true)
        #expect(try await debounce.cache.get(.text("stirring")) == .real(100.0))
        // Exactly 1.0 s later is allowed and re-arms the window.
        #expect(try await debounce.isRateLimited(jobName: "stirring", now: 101.0) == false)
        #expect(try await debounce.cache.get(.text("stirring")) == .real(101.0))
        #expect(try await debounce.isRateLimited(jobName: "stirring", now: 101.2) == true)
        // Per job name.
        #expect(try await debounce.isRateLimited(jobName: "od_reading", now: 101.2) == false)
        #expect(try await debounce.isRateLimited(jobName: "stirring", now: 500) == false)
    }

    @Test func storedTextTimesAreReadAndGarbageCountsAsExpired() async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        let debounce = DebounceCache(database: try CacheDatabase(path: temp.file("int.sqlite")))
        try await debounce.cache.set(.text("a"), .text("100.0"))
        #expect(try await debounce.isRateLimited(jobName: "a", now: 100.2) == true)
        try await debounce.cache.set(.text("b"), .text("garbage"))
        #expect(try await debounce.isRateLimited(jobName: "b", now: 100.2) == false)
        #expect(try await debounce.cache.get(.text("b")) == .real(100.2))
    }

    @Test func concurrentRequestsAdmitExactlyOne() async throws {
        let temp = try TempDirectory()
        defer { temp.remove() }
        let first = try CacheDatabase(path: temp.file("int.sqlite"))
        let second = try CacheDatabase(path: temp.file("int.sqlite"))
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<60 {
                let debounce = DebounceCache(database: index.isMultiple(of: 2) ? first : second)
                group.addTask { try await !debounce.isRateLimited(jobName: "add_media", now: 1000 + Double(index) / 1000) }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 1)
    }
}
