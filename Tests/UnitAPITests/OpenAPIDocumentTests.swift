import Foundation
import Hummingbird
import HummingbirdTesting
import PioreactorCore
import Testing
@testable import UnitAPI

/// `openapi/unit-api.json` describes exactly the registered routes, and the server serves it verbatim.
@Suite struct OpenAPIDocumentTests {
    static let committedFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("openapi/unit-api.json")

    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// `METHOD /path` for every operation in the document, in router syntax (`{p}` → `:p`, `{req_path}` → `**`).
    static func documentedRoutes(_ document: JSONValue) -> [String] {
        var routes: [String] = []
        for (path, item) in document["paths"]?.objectValue ?? JSONObject() {
            let routerPath = path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
                guard segment.hasPrefix("{"), segment.hasSuffix("}") else { return String(segment) }
                let name = segment.dropFirst().dropLast()
                return name == "req_path" ? "**" : ":" + name
            }.joined(separator: "/")
            for (method, _) in item.objectValue ?? JSONObject() where httpMethods.contains(method) {
                routes.append("\(method.uppercased()) \(routerPath)")
            }
        }
        return routes
    }

    @Test func everyRegisteredRouteIsDocumentedAndViceVersa() throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let document = try JSONValue.parse(Data(contentsOf: Self.committedFile))
        let documented = Self.documentedRoutes(document)
        let registered = UnitApplication.registeredRoutes(services: unit.services).map { "\($0.method) \($0.path)" }
        #expect(documented.count == 72)
        #expect(Set(documented).count == documented.count, "no duplicates")
        #expect(Set(registered).subtracting(documented).isEmpty, "undocumented: \(Set(registered).subtracting(documented).sorted())")
        #expect(Set(documented).subtracting(registered).isEmpty, "not served: \(Set(documented).subtracting(registered).sorted())")
    }

    @Test func translationMapsParametersAndTheCatchAll() throws {
        let document = try JSONValue.parse(Data(#"""
        {"paths":{"/unit_api/a/{x}/b":{"get":{},"parameters":[]},"/unit_api/system/path/{req_path}":{"get":{},"patch":{}}}}
        """#.utf8))
        #expect(Set(Self.documentedRoutes(document)) == [
            "GET /unit_api/a/:x/b", "GET /unit_api/system/path/**", "PATCH /unit_api/system/path/**",
        ])
    }

    @Test func servedDocumentEqualsTheCommittedFile() async throws {
        let unit = try TestUnit()
        defer { unit.remove() }
        let committed = try Data(contentsOf: Self.committedFile)
        try await unit.withClient { client in
            try await client.execute(uri: "/unit_api/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(Data(response.body.readableBytesView) == committed, "run python3 openapi/generate.py")
            }
        }
    }

    @Test func documentIsOpenAPI31AndErrorsUseTheSharedSchema() throws {
        let document = try JSONValue.parse(Data(contentsOf: Self.committedFile))
        #expect(document["openapi"] == .string("3.1.0"))
        #expect(document["components"]?["schemas"]?["Error"]?["required"] == ["error", "status", "cause"])
        var errorResponses = 0
        for (path, item) in document["paths"]?.objectValue ?? JSONObject() {
            for (method, operation) in item.objectValue ?? JSONObject() where Self.httpMethods.contains(method) {
                for (status, response) in operation["responses"]?.objectValue ?? JSONObject() {
                    guard let code = Int(status), code >= 400, let content = response["content"] else { continue }
                    errorResponses += 1
                    let schema = content["application/json"]?["schema"]
                    #expect(schema?["allOf"]?.arrayValue?.first == ["$ref": "#/components/schemas/Error"],
                            "\(method) \(path) \(status)")
                    #expect(schema?["allOf"]?.arrayValue?.last?["properties"]?["status"]?["const"] == .int(Int64(code)))
                }
            }
        }
        #expect(errorResponses > 60)
    }
}
