import Foundation
import Testing
@testable import PioreactorCore

@Suite("PluginCatalog")
struct PluginCatalogTests {
    @Test func listsFilePluginsWithMetadataAndDefaults() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit()
        try scratch.write("import click\n", to: ".pioreactor/plugins/my_plugin.py")
        try scratch.write("""
            __plugin_version__ = '1.0'  # pinned
            __plugin_summary__ = "UNKNOWN"
            __plugin_author__: str = 'A \\'quoted\\' author'
            def f():
                __plugin_name__ = "not module level"
            """, to: ".pioreactor/plugins/a_plugin.py")
        try scratch.write("x", to: ".pioreactor/plugins/readme.txt")
        let base = PluginCatalog.defaultUIBaseURL(unitName: "pio01")
        #expect(base == "http://pio01.local:80")
        let catalog = PluginCatalog(paths: paths, unitName: "pio01", uiBaseURL: base)
        let expected: JSONValue = [
            ["name": "a_plugin", "version": "1.0", "description": nil,
             "homepage": "http://pio01.local:80/unit_api/plugins/installed/a_plugin.py",
             "source": "plugins/a_plugin.py", "author": "A 'quoted' author"],
            ["name": "my_plugin", "version": "Unknown", "description": "Unknown",
             "homepage": "http://pio01.local:80/unit_api/plugins/installed/my_plugin.py",
             "source": "plugins/my_plugin.py", "author": "Unknown"],
            ["name": "relay-blinker", "version": "0.3.1",
             "description": "Blink a relay attached to a spare PWM channel (fixture plugin).",
             "homepage": "https://example.invalid/relay-blinker", "source": "plugins/relay_blinker.py",
             "author": "Fixture Author"],
        ]
        let listed = catalog.installed()
        #expect(listed == expected)
        #expect(listed.encoded().hasPrefix(#"[{"name":"a_plugin","version":"1.0","description":null,"homepage":"#))
        #expect(catalog.installed(skipPlugins: true) == [])
    }

    @Test func emptyOrMissingPluginFolderGivesEmptyList() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = UnitPaths(dotPioreactor: scratch.url, runPioreactor: scratch.url)
        #expect(PluginCatalog(paths: paths, unitName: "u", uiBaseURL: "http://u.local:80").installed() == [])
    }

    @Test func baseURLFollowsTheReferenceAddressRules() {
        #expect(PluginCatalog.defaultUIBaseURL(unitName: "localhost") == "http://localhost:80")
        #expect(PluginCatalog.defaultUIBaseURL(unitName: "10.0.0.2") == "http://10.0.0.2:80")
        #expect(PluginCatalog.defaultUIBaseURL(unitName: "pio01.local") == "http://pio01.local:80")
        #expect(PluginCatalog.defaultUIBaseURL(unitName: "pio01", configuredAddress: "192.168.1.5", proto: "https", port: 8443) == "https://192.168.1.5:8443")
    }

    @Test func servesOnlyPythonFilesByLastComponent() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let paths = try scratch.fixtureUnit()
        try scratch.write("secret", to: "secret.py")
        try scratch.write("notes", to: ".pioreactor/plugins/notes.txt")
        let catalog = PluginCatalog(paths: paths, unitName: "pio01", uiBaseURL: "http://pio01.local:80")
        let data = try catalog.pluginFile(filename: "relay_blinker.py")
        #expect(String(decoding: data, as: UTF8.self).contains("__plugin_name__ = \"relay-blinker\""))
        // Path parts are stripped: this reads plugins/relay_blinker.py, never anything above.
        #expect(try catalog.pluginFile(filename: "../../relay_blinker.py") == data)
        let refused = UnitError(404, "must provide a .py file", cause: "Requested plugin filename is not a .py file.",
                                remediation: "Request a specific plugin file ending with .py.")
        for bad in ["notes.txt", "missing.py", "../../secret.py", "..", ".py", "", "x.py\0"] {
            #expect(throws: refused) { try catalog.pluginFile(filename: bad) }
        }
    }

    @Test func metadataParserHandlesQuotesAndRejectsExpressions() {
        #expect(PluginSourceMetadata.assignedString(#" = "a\"b""#) == "a\"b")
        #expect(PluginSourceMetadata.assignedString(" = 'x' # c") == "x")
        #expect(PluginSourceMetadata.assignedString(#" = r'a\n'"#) == #"a\n"#)
        #expect(PluginSourceMetadata.assignedString(" = \"\"\"doc\"\"\"") == nil)
        #expect(PluginSourceMetadata.assignedString(" = VERSION") == nil)
        #expect(PluginSourceMetadata.assignedString(" = 'a' + 'b'") == nil)
        #expect(PluginSourceMetadata.assignedString(" == 'a'") == nil)
        #expect(PluginSourceMetadata.assignedString(" = 'unterminated") == nil)
        let later = PluginSourceMetadata(source: "__plugin_version__ = '1'\n__plugin_version__ = '2'\n")
        #expect(later.values["__plugin_version__"] == "2")
        let crlf = PluginSourceMetadata(source: "__plugin_version__ = '3'\r\n__plugin_author__ = \"B\"\r\n")
        #expect(crlf.values == ["__plugin_version__": "3", "__plugin_author__": "B"])
    }
}

@Suite("PluginRequestValidation")
struct PluginRequestValidationTests {
    @Test func installNeedsExactlyOneName() throws {
        #expect(throws: UnitError(400, "Plugin name is required", cause: "No plugin name provided in args.",
                                  remediation: "Provide a single plugin name in args.")) {
            try PluginRequestValidation.installName(args: [])
        }
        #expect(throws: UnitError(400, "Install one plugin at a time via the API", cause: "Received 2 plugin arguments.",
                                  remediation: "Provide exactly one plugin name in args.")) {
            try PluginRequestValidation.installName(args: ["a", "b"])
        }
        #expect(try PluginRequestValidation.installName(args: ["pioreactor-air-bubbler"]) == "pioreactor-air-bubbler")
        #expect(try PluginRequestValidation.installName(args: ["pioreactor_relay_plugin==0.4.0"]) == "pioreactor_relay_plugin==0.4.0")
    }

    @Test func uninstallNeedsExactlyOneName() throws {
        for args in [[], ["a", "b", "c"]] {
            #expect(throws: UnitError(400, "Uninstall one plugin at a time via the API", cause: "Received \(args.count) plugin arguments.",
                                      remediation: "Provide exactly one plugin name in args.")) {
                try PluginRequestValidation.uninstallName(args: args)
            }
        }
        #expect(try PluginRequestValidation.uninstallName(args: ["relay_blinker"]) == "relay_blinker")
    }

    @Test func badNamesAreRefused() {
        for bad in ["", "-e", "--index-url=http://evil", "a b", "a;rm -rf /", "../x", "x/y", "$(id)", "a\nb", ".hidden"] {
            #expect(throws: UnitError.self) { try PluginRequestValidation.validName(bad) }
            #expect((try? PluginRequestValidation.installName(args: [bad])) == nil)
        }
    }

    @Test func sourceMustBeURLWheelOrZip() throws {
        #expect(try PluginRequestValidation.source(nil) == nil)
        #expect(try PluginRequestValidation.source(.null) == nil)
        #expect(try PluginRequestValidation.source("") == nil)
        #expect(try PluginRequestValidation.source("https://github.com/u/r/archive/main.zip") == "https://github.com/u/r/archive/main.zip")
        #expect(try PluginRequestValidation.source("/home/pioreactor/p-0.1-py3-none-any.whl") == "/home/pioreactor/p-0.1-py3-none-any.whl")
        #expect(try PluginRequestValidation.source("plugin.zip") == "plugin.zip")
        for bad: JSONValue in [5, true, ["a"], "file:///etc/passwd.zip", "https://", "--upgrade", "a b.whl", "x.tar.gz", "https://h/x\n.zip", "git+ssh://h/r.zip"] {
            #expect(throws: UnitError.self) { try PluginRequestValidation.source(bad) }
        }
    }
}
