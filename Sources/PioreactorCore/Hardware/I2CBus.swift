import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Presence probes on a Linux I2C bus (`/dev/i2c-N`).
public struct I2CBus: Sendable {
    public let device: String

    public init(device: String = "/dev/i2c-1") {
        self.device = device
    }

    /// `I2C_SLAVE` from linux/i2c-dev.h.
    private static let selectAddress: UInt = 0x0703

    /// True when a device ACKs a zero-length write at `address` (what the reference's probe does).
    /// A missing or unreadable bus reads as "not present".
    public func isDevicePresent(_ address: Int) -> Bool {
        let fd = open(device, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard ioctl(fd, Self.selectAddress, CInt(address)) >= 0 else { return false }
        var byte: UInt8 = 0
        return write(fd, &byte, 0) >= 0
    }
}
