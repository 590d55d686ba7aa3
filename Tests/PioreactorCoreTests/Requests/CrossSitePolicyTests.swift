import Testing
@testable import PioreactorCore

@Suite struct CrossSitePolicyTests {
    let config = try! MergedConfig.build(sharedText: """
        [cluster.topology]
        leader_hostname=pioleader
        leader_address=10.0.0.2
        [ui]
        allowed_origins=http://lab-dashboard.example:8080, 10.0.0.9
        """)

    var policy: CrossSitePolicy { CrossSitePolicy.forUnit("worker1", config: config, localAddresses: ["10.0.0.5", "127.0.0.1", "::1"]) }

    @Test func namesOfTheUnitTheLeaderAndConfigAreAllowed() {
        for origin in ["http://worker1.local", "http://worker1:4999", "http://pioleader.local", "http://10.0.0.2",
                       "http://10.0.0.5:4999", "http://localhost:3000", "http://[::1]:4999", "http://lab-dashboard.example:8080",
                       "http://10.0.0.9", "http://127.0.0.1"] {
            #expect(policy.refusal(method: "POST", host: nil, origin: origin, fetchSite: nil) == nil, "\(origin)")
        }
    }

    @Test func otherSitesAreRefusedForStateChangesOnly() {
        for origin in ["http://evil.example", "null", "http://10.0.0.66", "http://worker1.evil.example", "file://"] {
            #expect(policy.refusal(method: "POST", host: nil, origin: origin, fetchSite: nil) != nil, "\(origin)")
            #expect(policy.refusal(method: "GET", host: nil, origin: origin, fetchSite: nil) == nil, "\(origin)")
        }
        #expect(policy.refusal(method: "DELETE", host: nil, origin: nil, fetchSite: "cross-site") != nil)
        #expect(policy.refusal(method: "PATCH", host: nil, origin: nil, fetchSite: "same-site") == nil)
    }

    @Test func aHostNamingAnotherSiteIsRefusedOnEveryMethod() {
        #expect(policy.refusal(method: "GET", host: "attacker.example", origin: nil, fetchSite: nil) != nil)
        #expect(policy.refusal(method: "GET", host: "WORKER1.local:4999", origin: nil, fetchSite: nil) == nil)
        #expect(policy.refusal(method: "GET", host: "192.168.7.7:4999", origin: nil, fetchSite: nil) == nil)
        #expect(policy.refusal(method: "POST", host: "[fe80::1]:80", origin: nil, fetchSite: nil) == nil)
    }
}
