import Foundation
import Synchronization
@testable import PioreactorCore
import Testing

@Suite struct DecodedFileCacheTests {
    final class Counter: Sendable {
        let count = Mutex(0)
        func decode(_ data: Data) -> String {
            count.withLock { $0 += 1 }
            return String(decoding: data, as: UTF8.self)
        }
        var calls: Int { count.withLock { $0 } }
    }

    @Test func decodesOncePerVersionOfAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("decoded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.yaml")
        let cache = DecodedFileCache<String>()
        let counter = Counter()

        try AtomicFile.write("one", to: file)
        #expect(try cache.value(of: file, decode: counter.decode) == "one")
        #expect(try cache.value(of: file, decode: counter.decode) == "one")
        #expect(counter.calls == 1)

        // Same size, written again: a new version (new inode), so decoded again.
        try AtomicFile.write("two", to: file)
        #expect(try cache.value(of: file, decode: counter.decode) == "two")
        #expect(counter.calls == 2)

        try FileManager.default.removeItem(at: file)
        #expect(throws: (any Error).self) { try cache.value(of: file, decode: counter.decode) }
    }

    @Test func failuresAreNotRemembered() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("decoded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.yaml")
        try AtomicFile.write("bad", to: file)
        let cache = DecodedFileCache<String>()
        struct Bad: Error {}
        let attempts = Mutex(0)
        for _ in 0..<2 {
            #expect(throws: Bad.self) {
                try cache.value(of: file) { _ in attempts.withLock { $0 += 1 }; throw Bad() }
            }
        }
        #expect(attempts.withLock { $0 } == 2)
    }
}
