/// The `POST /system/remove_file` body (spec §3.11): raw JSON with a `filepath`.
public enum RemoveFileRequest {
    /// The requested path. A falsy body reads as `{}` (the reference's `or {}`); a truthy
    /// non-object or a non-string `filepath` is a 400 where the reference answers 500.
    public static func filepath(from body: JSONValue) throws(UnitError) -> String {
        guard body.isTruthy else { throw FileBrowser.filepathRequired }
        guard case .object(let object) = body else {
            throw UnitError(400, "Expected `object`, got `\(body.typeName)`",
                            cause: "Request body is not a JSON object.", remediation: "Send a JSON object body.")
        }
        guard let value = object["filepath"], value.isTruthy else { throw FileBrowser.filepathRequired }
        guard case .string(let path) = value else {
            throw UnitError(400, "Expected `str`, got `\(value.typeName)` - at `$.filepath`",
                            cause: "Request JSON 'filepath' is not a string.",
                            remediation: "Include a 'filepath' field in the JSON payload.")
        }
        return path
    }
}
