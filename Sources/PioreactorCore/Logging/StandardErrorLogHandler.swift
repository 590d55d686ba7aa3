import Foundation
import Logging

/// Log lines on standard error in swift-log's `StreamLogHandler` format, with metadata rendered
/// only when a line is written. `StreamLogHandler` re-renders all its metadata whenever one key
/// is set, and Hummingbird sets a request id on every request's logger: about 3 % of the
/// server's CPU per request under load, for lines that are almost never written.
public struct StandardErrorLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // One write(2) per line, so lines from concurrent requests never interleave.
        FileHandle.standardError.write(Data(line(for: event, at: Date()).utf8))
    }

    /// `<time> <level> <label>: [k=v …] [<source>] <message>`, as StreamLogHandler writes it.
    func line(for event: LogEvent, at date: Date) -> String {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let rendered = merged.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let separator = label.isEmpty ? "" : " "
        return "\(Self.timestamp(date)) \(event.level)\(separator)\(label):\(rendered) [\(event.source)] \(event.message)\n"
    }

    /// Local time as `%Y-%m-%dT%H:%M:%S%z`.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var local = tm()
        localtime_r(&seconds, &local)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
