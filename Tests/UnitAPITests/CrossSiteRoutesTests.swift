import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import PioreactorCore
import Testing
@testable import UnitAPI

/// Every state-changing route refuses what a browser sends for another site, and serves
/// same-origin pages and clients that send no browser headers.
@Suite struct CrossSiteRoutesTests {
    /// Registered mutating routes with sample values in their captures.
    static func mutatingRoutes(_ unit: TestUnit) -> [(HTTPRequest.Method, String)] {
        UnitApplication.registeredRoutes(services: unit.services)
            .filter { !["GET", "HEAD", "OPTIONS"].contains($0.method) }
            .map { route in
                let path = route.path.split(separator: "/", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "sample" : String($0) }.joined(separator: "/")
                return (HTTPRequest.Method(route.method)!, path.hasPrefix("/unit_api") ? path : "/unit_api" + path)
            }
    }

    static let hostile: [(String, HTTPFields)] = [
        ("cross-site Origin", [.origin: "http://evil.example"]),
        ("null Origin", [.origin: "null"]),
        ("Sec-Fetch-Site", [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]),
    ]

    @Test func hostileBrowserRequestsAreRefusedOnEveryMutatingRoute() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let routes = Self.mutatingRoutes(unit)
        #expect(routes.count > 30)
        try await unit.withClient { client in
            for (method, path) in routes {
                for (what, headers) in Self.hostile {
                    var fields = headers
                    fields[.contentType] = "text/plain"
                    try await client.execute(uri: path, method: method, headers: fields, body: ByteBuffer(string: #"{"filepath":"x.txt"}"#)) { response in
                        #expect(response.status == .forbidden, "\(what): \(method) \(path) → \(response.status)")
                        #expect(response.json["error"] == "Cross-site request refused.", "\(what): \(method) \(path)")
                    }
                }
            }
        }
    }

    @Test func sameOriginAndPlainClientsPass() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let friendly: [HTTPFields] = [
            [:],
            [.origin: "http://pioleader.local"],
            [.origin: "http://127.0.0.1:4999"],
            [.origin: "http://localhost:4999", HTTPField.Name("Sec-Fetch-Site")!: "same-origin"],
        ]
        try await unit.withClient { client in
            for headers in friendly {
                try await client.execute(uri: "/unit_api/jobs/stop", method: .post, headers: headers, body: ByteBuffer(string: #"{"experiment": "x"}"#)) { response in
                    #expect(response.status == .accepted, "\(headers)")
                }
            }
            // Reads are not checked for Origin (the answer is not readable cross-site), only for Host.
            try await client.execute(uri: "/unit_api/health", method: .get, headers: [.origin: "http://evil.example"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// DNS rebinding: the page's own origin, our address, the attacker's name in `Host`. Checked
    /// on the real server, since only a real connection carries a Host header.
    @Test func aRebindingHostIsRefusedOnEveryRouteOfTheRealServer() async throws {
        let live = try LiveUnit(speedup: 1)
        defer { live.close() }
        let port = try await live.startServer().port
        let unit = try TestUnit()
        defer { unit.remove() }
        for (method, path) in Self.mutatingRoutes(unit) + [(.get, "/unit_api/config/merged")] {
            let answer = LiveUnit.rawRequest(port: port, "\(method.rawValue) \(path) HTTP/1.1\r\nHost: evil.example:\(port)\r\nContent-Length: 0\r\n\r\n")
            #expect(answer.hasPrefix("HTTP/1.1 403"), "\(method) \(path): \(answer.prefix(40))")
        }
        for host in ["pioleader.local:\(port)", "127.0.0.1:\(port)", "[::1]:\(port)", "localhost"] {
            let answer = LiveUnit.rawRequest(port: port, "GET /unit_api/health HTTP/1.1\r\nHost: \(host)\r\n\r\n")
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(host): \(answer.prefix(40))")
        }
    }
}
