import Foundation
import Hummingbird
import PioreactorCore
#if canImport(Glibc)
import Glibc
#endif

/// Streams one file field of a `multipart/form-data` request body to a new temp file (mode 0640),
/// never holding the upload in memory.
enum MultipartFileUpload {
    /// The saved file, or nil when the form has no non-empty-named file part called `field`
    /// (also for a missing boundary, a non-multipart body or a part cut short).
    static func save(
        field: String, from request: Request, limit: Int,
        directory: URL = FileManager.default.temporaryDirectory, prefix: String = "import_dot_pioreactor_"
    ) async throws -> URL? {
        guard let boundary = MultipartFormParser.boundary(contentType: request.headers[.contentType]) else { return nil }
        var parser = MultipartFormParser(boundary: boundary)
        var sink: UploadSink?
        var finished = false
        var received = 0
        var kept = false
        defer { if !kept, let sink { sink.discard() } }

        reading: for try await chunk in request.body {
            received += chunk.readableBytes
            guard received <= limit else { throw tooLarge(limit) }
            let events: [MultipartFormParser.Event]
            do {
                events = try parser.feed(chunk.readableBytesView)
            } catch {
                return nil
            }
            for event in events {
                switch event {
                case .partStart(let header) where sink == nil && header.name == field && header.filename != nil:
                    // Like request.files.get(): the first file part of that name decides.
                    guard header.filename != "" else { return nil }
                    sink = try UploadSink(url: directory.appendingPathComponent("\(prefix)\(UUID().uuidString).zip"))
                case .partData(let bytes):
                    if let sink, !finished { try sink.write(bytes) }
                case .partEnd:
                    if sink != nil && !finished {
                        finished = true
                        break reading
                    }
                default:
                    break
                }
            }
        }
        guard finished, let sink else { return nil }
        try sink.close()
        kept = true
        return sink.url
    }

    private static func tooLarge(_ limit: Int) -> UnitError {
        UnitError(413, "Request body is too large.", cause: "The upload exceeds \(limit >> 20) MiB.",
                  remediation: "Upload a smaller archive.")
    }
}

/// An exclusively created file written with plain `write(2)`; `discard` removes it.
private final class UploadSink {
    let url: URL
    private var fd: Int32

    init(url: URL) throws {
        self.url = url
        fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw UploadSink.failure("create", errno) }
        // The umask may have narrowed the mode; the spec wants exactly 0640.
        fchmod(fd, 0o640)
    }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw UploadSink.failure("write", errno)
            }
            offset += written
        }
    }

    func close() throws {
        defer { fd = -1 }
        guard fd >= 0 else { return }
        guard Glibc.close(fd) == 0 else { throw UploadSink.failure("close", errno) }
    }

    func discard() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        unlink(url.path)
    }

    private static func failure(_ operation: String, _ code: Int32) -> UnitError {
        UnitError.serverError(
            "Failed to save uploaded archive", cause: "\(operation): \(String(cString: strerror(code)))",
            remediation: code == ENOSPC ? "Free disk space and retry." : "Check server logs and retry.")
    }
}
