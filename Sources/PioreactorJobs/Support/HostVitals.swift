import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the monitor reports about the computer (jobs.md §8.7), read from the real OS.
public struct HostVitals: Sendable {
    /// `/sys/class/net`, replaceable in tests.
    public var netDirectory: URL
    /// The CPU thermal zone file; absent off a Raspberry Pi.
    public var thermalFile: URL

    public init(
        netDirectory: URL = URL(fileURLWithPath: "/sys/class/net"),
        thermalFile: URL = URL(fileURLWithPath: "/sys/class/thermal/thermal_zone0/temp")
    ) {
        self.netDirectory = netDirectory
        self.thermalFile = thermalFile
    }

    /// Used share of the filesystem holding `path`, rounded like the reference:
    /// `1 − f_bavail/f_blocks`, in whole percent. nil when statvfs fails.
    public func diskUsagePercent(of path: String) -> Int? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0, stats.f_blocks > 0 else { return nil }
        let total = Double(stats.f_frsize) * Double(stats.f_blocks)
        let available = Double(stats.f_frsize) * Double(stats.f_bavail)
        return Int(((1 - available / total) * 100).rounded(.toNearestOrEven))
    }

    /// CPU temperature in ℃ from the thermal zone (millidegrees), or −999 like the reference
    /// when the file does not exist.
    public func cpuTemperatureCelsius() -> Double {
        guard let text = try? String(contentsOf: thermalFile, encoding: .utf8),
              let millis = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return -999 }
        return millis / 1000
    }

    /// Every non-loopback IPv4 address, comma-separated (what `hostname -I` lists); "" when none.
    public func ipv4Addresses() -> String {
        var head: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&head) == 0, let first = head else { return "" }
        defer { freeifaddrs(head) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET),
                  entry.pointee.ifa_flags & UInt32(IFF_LOOPBACK) == 0 else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count),
                              nil, 0, NI_NUMERICHOST) == 0 else { continue }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !addresses.contains(text) { addresses.append(text) }
        }
        return addresses.joined(separator: ",")
    }

    /// MAC addresses of wireless (a `wireless` entry) or wired (ARP type 1, not wireless)
    /// interfaces, comma-separated; `Not available` when none, like the reference.
    public func macAddresses(wireless: Bool) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: netDirectory.path)) ?? []).sorted()
        var macs: [String] = []
        for name in names {
            let interface = netDirectory.appendingPathComponent(name)
            let isWireless = FileManager.default.fileExists(atPath: interface.appendingPathComponent("wireless").path)
            guard let type = read(interface.appendingPathComponent("type")) else { continue }
            let wanted = wireless ? isWireless : (type == "1" && !isWireless)
            if wanted, let mac = read(interface.appendingPathComponent("address")) { macs.append(mac) }
        }
        return macs.isEmpty ? "Not available" : macs.joined(separator: ", ")
    }

    private func read(_ url: URL) -> String? {
        (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
