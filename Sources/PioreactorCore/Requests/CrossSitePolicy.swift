import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which requests a browser could have been made to send from another site, and are refused.
///
/// Browsers send "simple" cross-origin POSTs without a preflight, so any page on the lab network
/// could otherwise reboot a unit or delete files. Non-browser clients (the leader's calls, `pio`,
/// curl) send neither `Origin` nor `Sec-Fetch-Site` and are unaffected. A `Host` that names some
/// other site is refused too: DNS rebinding presents the attacker's name with our address.
public struct CrossSitePolicy: Sendable {
    /// Lower-case host names that are this unit, its leader, or allowed in config.
    public let names: Set<String>
    /// IP literals of this unit and its leader (an IP-literal `Host` is always accepted).
    public let addresses: Set<String>

    public init(names: Set<String>, addresses: Set<String>) {
        self.names = Set(names.map { $0.lowercased() })
        self.addresses = addresses
    }

    /// The unit's names (`<unit>`, `<unit>.local`, `localhost`), its leader's (`leader_hostname`
    /// and `.local`, `leader_address`), its own addresses, and `[ui] allowed_origins`: origins or
    /// host names separated by commas or spaces.
    public static func forUnit(_ unit: String, config: MergedConfig?, localAddresses: [String] = CrossSitePolicy.localAddresses()) -> CrossSitePolicy {
        func value(_ section: String, _ key: String) -> String? {
            ((try? config?.value(section, key)) ?? nil).flatMap { $0.isEmpty ? nil : $0 }
        }
        var names: Set<String> = ["localhost"]
        for name in [unit, value("cluster.topology", "leader_hostname")].compactMap({ $0 }) {
            names.insert(name)
            names.insert(name + ".local")
        }
        var addresses = Set(localAddresses)
        if let leader = value("cluster.topology", "leader_address") {
            if isIPLiteral(leader) { addresses.insert(leader) } else { names.insert(leader) }
        }
        for entry in (value("ui", "allowed_origins") ?? "").split(whereSeparator: { $0 == "," || $0 == " " }) {
            let host = originHost(String(entry)) ?? String(entry)
            if isIPLiteral(host) { addresses.insert(host) } else { names.insert(host) }
        }
        return CrossSitePolicy(names: names, addresses: addresses)
    }

    /// Why a request is refused, nil when it may proceed. Only state-changing methods are checked
    /// for `Origin` and `Sec-Fetch-Site`; `Host` is checked on every method.
    public func refusal(method: String, host: String?, origin: String?, fetchSite: String?) -> String? {
        if let host, let name = Self.hostName(host), !Self.isIPLiteral(name), !names.contains(name.lowercased()) {
            return "The Host header names \(name), which is not this unit."
        }
        guard !["GET", "HEAD", "OPTIONS"].contains(method.uppercased()) else { return nil }
        if fetchSite?.lowercased() == "cross-site" {
            return "The browser marked this request as cross-site (Sec-Fetch-Site: cross-site)."
        }
        if let origin {
            guard let host = Self.originHost(origin), isAllowedOriginHost(host) else {
                return "Requests from the web page at \(origin) are not accepted."
            }
        }
        return nil
    }

    private func isAllowedOriginHost(_ host: String) -> Bool {
        if Self.isIPLiteral(host) { return addresses.contains(host) || Self.isLoopback(host) }
        return names.contains(host.lowercased())
    }

    /// `example.local:4999` → `example.local`; `[::1]:80` → `::1`; nil when empty.
    static func hostName(_ header: String) -> String? {
        let text = header.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            return String(text[text.index(after: text.startIndex)..<close])
        }
        let name = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return name.isEmpty ? nil : name
    }

    /// The host of an origin such as `http://pioreactor.local:80`; nil for `null` or junk.
    static func originHost(_ origin: String) -> String? {
        guard let schemeEnd = origin.range(of: "://") else { return nil }
        let rest = origin[schemeEnd.upperBound...]
        let authority = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return hostName(authority)
    }

    static func isIPLiteral(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    static func isLoopback(_ text: String) -> Bool {
        text == "::1" || text.hasPrefix("127.")
    }

    /// Every IPv4 and IPv6 address of this machine's interfaces.
    public static func localAddresses() -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var result: [String] = []
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard let address = entry.pointee.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            if getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                result.append(text.split(separator: "%").first.map(String.init) ?? text)  // drop an IPv6 zone
            }
        }
        return result
    }
}
