import Foundation

/// `GET /plugins/installed` and `/plugins/installed/{filename}` (unit-api.md §3.10).
/// Only drop-in `.py` files exist for us: Python entry-point plugins (pip packages declaring
/// `pioreactor.plugins`) have no equivalent in this implementation, so none are listed.
public struct PluginCatalog: Sendable {
    public let paths: UnitPaths
    public let unitName: String
    /// e.g. `http://pio01.local:80`, see `defaultUIBaseURL`; homepages are built on it.
    public let uiBaseURL: String

    public init(paths: UnitPaths, unitName: String, uiBaseURL: String) {
        self.paths = paths
        self.unitName = unitName
        self.uiBaseURL = uiBaseURL
    }

    /// The reference's `create_webserver_path(resolve_to_address(unit), …)` base: the
    /// `[cluster.addresses] <unit>` entry if any, else `<unit>.local` (kept for localhost, IPs
    /// and names already ending in `.local`), with `[ui] proto` (http) and `[ui] port` (80).
    public static func defaultUIBaseURL(unitName: String, configuredAddress: String? = nil, proto: String = "http", port: Int = 80) -> String {
        "\(proto)://\(configuredAddress ?? localAddress(unitName)):\(port)"
    }

    /// The JSON array of installed plugins, in the reference's order and key order.
    /// `skipPlugins` is whether env `SKIP_PLUGINS` is set (non-empty), which gives `[]`.
    public func installed(skipPlugins: Bool = false) -> JSONValue {
        if skipPlugins { return .array([]) }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: paths.plugins.path)) ?? [])
            .filter { $0.hasSuffix(".py") && $0 != ".py" }
            .filter { FileStatus.of(paths.plugins.appendingPathComponent($0).path, followingSymlinks: true)?.kind == .regular }
            .sorted { $0.precedesByCodePoint($1) }
        // Keyed by plugin name like the reference's dict: a repeated name keeps its first
        // position and takes the later file's values.
        var order: [String] = []
        var byName: [String: JSONObject] = [:]
        for file in files {
            guard let data = FileManager.default.contents(atPath: paths.plugins.appendingPathComponent(file).path),
                  let source = String(data: data, encoding: .utf8) else { continue }   // import would fail too
            let metadata = PluginSourceMetadata(source: source).values
            let stem = String(file.dropLast(3))
            let name = metadata["__plugin_name__"] ?? stem
            let homepage = metadata["__plugin_homepage__"] ?? "\(uiBaseURL)/unit_api/plugins/installed/\(file)"
            let entry = JSONObject([
                ("name", .string(name)),
                ("version", .string(metadata["__plugin_version__"] ?? "Unknown")),
                ("description", Self.nullIfUnknown(metadata["__plugin_summary__"] ?? "Unknown")),
                ("homepage", Self.nullIfUnknown(homepage)),
                ("source", .string("plugins/\(file)")),
                ("author", Self.nullIfUnknown(metadata["__plugin_author__"] ?? "Unknown")),
            ])
            if byName[name] == nil { order.append(name) }
            byName[name] = entry
        }
        return .array(order.compactMap { byName[$0].map(JSONValue.object) })
    }

    /// The text of `DP/plugins/<file>`; only the last path component of `filename` is used.
    public func pluginFile(filename: String) throws(UnitError) -> Data {
        let file = Self.lastComponent(filename)
        guard file.hasSuffix(".py"), file != ".py", !file.contains("\0") else { throw Self.notAPythonFile }
        let url = paths.plugins.appendingPathComponent(file)
        guard FileStatus.of(url.path, followingSymlinks: true)?.kind == .regular,
              let data = FileManager.default.contents(atPath: url.path) else {
            throw Self.notAPythonFile
        }
        return data
    }

    /// 404 for a non-`.py` name, a missing file or an unreadable one (the reference's one message for all).
    public static var notAPythonFile: UnitError {
        .notFound(
            "must provide a .py file",
            cause: "Requested plugin filename is not a .py file.",
            remediation: "Request a specific plugin file ending with .py."
        )
    }

    /// `Path(filename).name`: the text after the last `/`, ignoring trailing slashes; `..` and `.` give "".
    static func lastComponent(_ filename: String) -> String {
        let last = filename.split(separator: "/").last.map(String.init) ?? ""
        return last == "." || last == ".." ? "" : last
    }

    private static func nullIfUnknown(_ value: String) -> JSONValue {
        value == "UNKNOWN" ? .null : .string(value)
    }

    private static func localAddress(_ hostname: String) -> String {
        let lower = hostname.lowercased()
        if lower == "localhost" || lower.hasSuffix(".local") || isIPAddress(hostname) { return hostname }
        return hostname.trimmingCharacters(in: .whitespacesAndNewlines) + ".local"
    }

    private static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
