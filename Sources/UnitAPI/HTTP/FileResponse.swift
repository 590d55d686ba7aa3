import Foundation
import Hummingbird
#if canImport(Glibc)
import Glibc
#endif
import PioreactorCore

/// File downloads with Flask `send_file` semantics (spec §1.9): `Cache-Control: no-cache`,
/// `ETag` and `Last-Modified`, conditional GET (304) and single byte ranges (206).
enum FileResponse {
    static let chunkSize = 64 * 1024

    /// Streams `url`. With `unlinkAfterOpen` the file is removed once opened (temp exports),
    /// so it is gone even if the client disconnects mid-download.
    static func make(
        _ url: URL, request: Request, contentType: String,
        attachmentName: String? = nil, unlinkAfterOpen: Bool = false
    ) throws -> Response {
        let handle: FileHandle
        let size: Int
        let modified: Date
        do {
            handle = try FileHandle(forReadingFrom: url)
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            modified = attributes[.modificationDate] as? Date ?? Date()
        } catch {
            throw UnitError(404, "Path not found.", cause: "File could not be opened: \(url.lastPathComponent)", remediation: "Check the path and try again.")
        }
        if unlinkAfterOpen { try? FileManager.default.removeItem(at: url) }

        let etag = "\"\(Int(modified.timeIntervalSince1970))-\(size)-\(checksum(Data(url.path.utf8)))\""
        var headers: HTTPFields = [
            .contentType: contentType,
            .cacheControl: "no-cache",
            .eTag: etag,
            .lastModified: HTTPDate.format(epochSecond: Int(modified.timeIntervalSince1970)),
            .acceptRanges: "bytes",
        ]
        if let attachmentName { headers[.contentDisposition] = "attachment; filename=\(attachmentName)" }

        if let match = request.headers[.ifNoneMatch],
           match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0 == "*" }) {
            try? handle.close()
            return Response(status: .notModified, headers: headers)
        }
        if request.headers[.ifNoneMatch] == nil, let since = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse),
           Int(modified.timeIntervalSince1970) <= Int(since.timeIntervalSince1970) {
            try? handle.close()
            return Response(status: .notModified, headers: headers)
        }
        // nil for an empty file, which has no byte range (`0...(-1)` would trap).
        var range: ClosedRange<Int>? = size > 0 ? 0...(size - 1) : nil
        var status = HTTPResponse.Status.ok
        if let header = request.headers[.range] {
            guard let bounds = byteRange(header, size: size) else {
                try? handle.close()
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            range = bounds
            status = .partialContent
            headers[.contentRange] = "bytes \(bounds.lowerBound)-\(bounds.upperBound)/\(size)"
        }
        guard let range else {
            try? handle.close()
            headers[.contentLength] = "0"
            return Response(status: .ok, headers: headers)
        }
        headers[.contentLength] = String(range.count)
        let fd = handle.fileDescriptor
        let body = ResponseBody { [range] writer in
            defer { try? handle.close() }
            var offset = range.lowerBound
            var remaining = range.count
            while remaining > 0 {
                // Each chunk is read on the blocking pool: an SD card can take its time.
                let chunk = try await BlockingWork.run { [offset, want = min(chunkSize, remaining)] in
                    try readChunk(fd: fd, offset: offset, count: want)
                }
                guard !chunk.isEmpty else { break }
                offset += chunk.count
                remaining -= chunk.count
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// Up to `count` bytes at `offset` (fewer at the end of the file).
    static func readChunk(fd: Int32, offset: Int, count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            if read >= 0 { return Array(buffer.prefix(read)) }
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
    }

    /// `bytes=a-b`, `bytes=a-` or `bytes=-n`; multiple ranges are answered with the whole file.
    static func byteRange(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), !header.contains(","), size > 0 else { return nil }
        let spec = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        guard spec.count == 2 else { return nil }
        let start = Int(spec[0].trimmingCharacters(in: .whitespaces))
        let end = Int(spec[1].trimmingCharacters(in: .whitespaces))
        switch (start, end) {
        case let (start?, end?) where start <= end && start < size: return start...min(end, size - 1)
        case let (start?, nil) where spec[1].isEmpty && start < size: return start...(size - 1)
        case let (nil, suffix?) where spec[0].isEmpty && suffix > 0: return max(0, size - suffix)...(size - 1)
        default: return nil
        }
    }

    private static func checksum(_ data: Data) -> String {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        return String((b << 16) | a)
    }
}
