import Foundation

/// What `GET /system/path/…` found: a directory listing to send as JSON, or a file to send.
public enum BrowseResult: Sendable, Equatable {
    /// `{"current": …, "dirs": […], "files": […]}`, served with max-age 5.
    case directory(JSONObject)
    /// A regular file (symlinks resolved), served as `text/plain; charset=utf-8` with send_file headers.
    case file(URL)
}
