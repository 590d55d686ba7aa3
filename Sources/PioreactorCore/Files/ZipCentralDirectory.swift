import Foundation

/// A minimal reader of a zip's central directory, enough to check member names and Unix
/// modes exactly as Python's zipfile sees them (ZIPFoundation keeps the raw external
/// attributes private, and only reports symlinks for archives made on Unix).
struct ZipCentralDirectory {
    struct Member: Equatable {
        /// File name bytes, cut at the first NUL as zipfile does.
        let nameBytes: [UInt8]
        let externalAttributes: UInt32
    }

    /// The archive is not a readable zip (Python's `BadZipFile`).
    struct NotAZip: Error, Equatable {
        let reason: String
    }

    let members: [Member]

    init(contentsOf url: URL) throws(NotAZip) {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw NotAZip(reason: "unreadable") }
        defer { try? handle.close() }
        guard let fileSize = try? handle.seekToEnd() else { throw NotAZip(reason: "unreadable") }
        members = try Self.readMembers(handle, fileSize: fileSize)
    }

    private static let eocdSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    private static let eocdSize: UInt64 = 22

    private static func readMembers(_ handle: FileHandle, fileSize: UInt64) throws(NotAZip) -> [Member] {
        guard fileSize >= eocdSize else { throw NotAZip(reason: "File is not a zip file") }
        // The end record sits at the very end unless a comment (at most 65535 bytes) follows it.
        let tailLength = min(fileSize, eocdSize + 65_535)
        let tail = try read(handle, at: fileSize - tailLength, count: Int(tailLength))
        guard let eocdIndex = lastIndex(of: eocdSignature, in: tail, notAfter: tail.count - Int(eocdSize)) else {
            throw NotAZip(reason: "File is not a zip file")
        }
        let eocdOffset = fileSize - tailLength + UInt64(eocdIndex)
        var directorySize = UInt64(le32(tail, eocdIndex + 12))
        var directoryOffset = UInt64(le32(tail, eocdIndex + 16))
        var recordsStart = eocdOffset

        // ZIP64: a locator 20 bytes before the end record points at a bigger end record.
        if eocdOffset >= 20 {
            let locator = try read(handle, at: eocdOffset - 20, count: 20)
            if Array(locator[0..<4]) == [0x50, 0x4B, 0x06, 0x07], eocdOffset >= 76 {
                let record = try read(handle, at: eocdOffset - 76, count: 56)
                guard Array(record[0..<4]) == [0x50, 0x4B, 0x06, 0x06] else {
                    throw NotAZip(reason: "Corrupt zip64 end of central directory locator")
                }
                directorySize = le64(record, 40)
                directoryOffset = le64(record, 48)
                recordsStart = eocdOffset - 76
            }
        }
        // Data prepended to the archive (self-extractors) shifts every offset, as zipfile allows.
        guard recordsStart >= directorySize + directoryOffset else {
            throw NotAZip(reason: "Bad offset for central directory")
        }
        let shift = recordsStart - directorySize - directoryOffset
        guard directorySize <= UInt64(Int.max) else { throw NotAZip(reason: "Truncated central directory") }
        let directory = try read(handle, at: directoryOffset + shift, count: Int(directorySize))

        var members: [Member] = []
        var position = 0
        while position < directory.count {
            guard position + 46 <= directory.count else { throw NotAZip(reason: "Truncated central directory") }
            guard Array(directory[position..<position + 4]) == [0x50, 0x4B, 0x01, 0x02] else {
                throw NotAZip(reason: "Bad magic number for central directory")
            }
            let nameLength = Int(le16(directory, position + 28))
            let extraLength = Int(le16(directory, position + 30))
            let commentLength = Int(le16(directory, position + 32))
            let external = le32(directory, position + 38)
            let nameStart = position + 46
            guard nameStart + nameLength <= directory.count else { throw NotAZip(reason: "Truncated central directory") }
            var name = Array(directory[nameStart..<nameStart + nameLength])
            if let nul = name.firstIndex(of: 0) { name = Array(name[..<nul]) }
            members.append(Member(nameBytes: name, externalAttributes: external))
            position = nameStart + nameLength + extraLength + commentLength
        }
        return members
    }

    private static func read(_ handle: FileHandle, at offset: UInt64, count: Int) throws(NotAZip) -> [UInt8] {
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw NotAZip(reason: "Truncated file") }
            return [UInt8](data)
        } catch let error as NotAZip {
            throw error
        } catch {
            throw NotAZip(reason: "unreadable")
        }
    }

    private static func lastIndex(of signature: [UInt8], in bytes: [UInt8], notAfter limit: Int) -> Int? {
        var index = limit
        while index >= 0 {
            if bytes[index] == signature[0], bytes[index + 1] == signature[1],
               bytes[index + 2] == signature[2], bytes[index + 3] == signature[3] {
                return index
            }
            index -= 1
        }
        return nil
    }

    private static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(le16(bytes, at)) | UInt32(le16(bytes, at + 2)) << 16
    }

    private static func le64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        UInt64(le32(bytes, at)) | UInt64(le32(bytes, at + 4)) << 32
    }
}
