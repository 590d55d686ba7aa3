import Testing
@testable import PioreactorCore

@Suite struct RemoveFileRequestTests {
    @Test func readsFilepath() throws {
        #expect(try RemoveFileRequest.filepath(from: JSONValue.parse(#"{"filepath":"storage/x.yaml"}"#)) == "storage/x.yaml")
    }

    @Test func falsyBodiesAndValuesAreMissing() {
        for body in ["null", "{}", "[]", "0", #""""#, #"{"filepath":""}"#, #"{"filepath":null}"#] {
            #expect(throws: FileBrowser.filepathRequired, "\(body)") { try RemoveFileRequest.filepath(from: JSONValue.parse(body)) }
        }
    }

    @Test func wrongShapesAre400() throws {
        for body in ["[1]", "5", #"{"filepath":5}"#, #"{"filepath":["a"]}"#] {
            do {
                _ = try RemoveFileRequest.filepath(from: JSONValue.parse(body))
                Issue.record("expected a 400 for \(body)")
            } catch let error as UnitError {
                #expect(error.status == 400)
                #expect(error.error != FileBrowser.filepathRequired.error)
            }
        }
    }
}
